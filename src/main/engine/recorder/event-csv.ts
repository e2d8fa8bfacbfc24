import type { EngineEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import type { ActionRecord, Recording } from '../../../shared/recording';
import { boundedJson } from './bounded-value';
import { PieceWriter } from './piece-writer';

export const EVENT_CSV_COLUMNS = ['time_offset_ms', 'type', 'pid', 'name', 'ppid', 'details'] as const;

/**
 * The event log of a recording as CSV (RFC 4180: quoted where needed, CRLF line ends): lifecycle,
 * supervisor and queue events and the actions a person took; not samples, system figures or keyframes.
 */
export function eventsToCsv(recording: Recording): string {
  const pieces: string[] = [];
  writeEventsCsv(recording, (piece) => pieces.push(piece));
  return pieces.join('');
}

/**
 * The same CSV, written piece by piece, so a long recording never becomes one string; values a
 * client chose (requests, experiment configs) are kept bounded, however deep they are.
 */
export function writeEventsCsv(recording: Recording, write: (piece: string) => void): void {
  const out = new PieceWriter(write);
  const rows = { push: (line: string) => out.add(`${line}\r\n`) };
  rows.push(EVENT_CSV_COLUMNS.join(','));
  /** Parent per process, for events that do not carry it. */
  const parents = new Map<string, number>();
  for (const record of recording.records) {
    if (record.kind === 'keyframe') {
      for (const p of record.snapshot.processes) parents.set(processKey(p), p.ppid);
      continue;
    }
    if (record.kind === 'correction') {
      for (const p of record.upsert) parents.set(processKey(p), p.ppid);
      continue;
    }
    if (record.kind === 'action') {
      rows.push(row(record.dt, `action ${record.command}`, actionPid(record), '', null, actionDetails(record)));
      continue;
    }
    // A process's kept output is not an event of the log.
    if (record.kind === 'output') continue;
    const e = record.event;
    if (e.type === 'started') parents.set(processKey(e.process), e.process.ppid);
    else if ('ppid' in e && 'startTime' in e) parents.set(processKey(e), e.ppid);
    const line = describe(e);
    if (!line) continue;
    const ppid = 'ppid' in e ? e.ppid : line.key ? (parents.get(line.key) ?? null) : null;
    rows.push(row(record.dt, e.type, line.pid, line.name, ppid, line.details));
  }
  out.end();
}

interface Described {
  key: string | null;
  pid: number | null;
  name: string;
  details: string;
}

function describe(e: EngineEvent): Described | null {
  const of = (p: { pid: number; startTime: number; name: string }, details: string): Described => ({
    key: processKey(p),
    pid: p.pid,
    name: p.name,
    details,
  });
  switch (e.type) {
    case 'sample':
    case 'system':
    case 'keyframe':
    case 'queue-metrics':
    case 'program-queues':
      return null;
    case 'started':
      return of(e.process, e.process.cmd);
    case 'ended':
    case 'reaped':
      return of(e, '');
    case 'reparented':
      return of(e, `from ${e.from} to ${e.to}`);
    case 'state-changed':
      return of(e, `${e.from} -> ${e.to}`);
    case 'orphaned':
      return of(e, `former parent ${e.formerParent.name} ${e.formerParent.pid}`);
    case 'adopted':
      return of(e, `adopted by Forkscope ${e.ppid}${e.formerParent ? `; former parent ${e.formerParent.name} ${e.formerParent.pid}` : ''}`);
    case 'became-zombie':
      return of(e, `parent ${e.ppid} has not reaped it`);
    case 'zombie-reaped':
      return of(
        e,
        e.zombieSinceMs === null ? `reaped by ${e.ppid}` : `reaped by ${e.ppid} after ${Math.round(e.t - e.zombieSinceMs)} ms as a zombie`,
      );
    case 'spawned':
      return of(e, `${e.mode}: ${[e.command, ...e.args].join(' ')}`);
    case 'exited':
      return of(e, `${e.signal ? `signal ${e.signal}` : `code ${e.code}`} after ${Math.round(e.runMs)} ms`);
    case 'signaled':
      return of(e, `${e.signal}: ${e.outcome}`);
    case 'joined':
      return of(e, e.timedOut ? 'timed out' : e.signal ? `signal ${e.signal}` : `code ${e.code}`);
    case 'restart-scheduled':
      return of(e, `${e.reason}; restart ${e.attempt} in ${e.delayMs} ms`);
    case 'restarted':
      return of(e, `restarted ${e.restarts}× after ${e.previous.pid}`);
    case 'restart-ended':
      return of(e, e.message);
    case 'queue-started':
      return { key: null, pid: null, name: `experiment ${e.experiment}`, details: boundedJson(e.config) };
    case 'queue-finished':
      return {
        key: null,
        pid: null,
        name: `experiment ${e.experiment}`,
        details: `${e.result.messages} messages in ${e.result.seconds} s, ${Math.round(e.result.throughput)} msg/s`,
      };
    case 'queue-failed':
      return { key: null, pid: null, name: `experiment ${e.experiment}`, details: e.message };
    default:
      // Metrics-like events (program-queues) and types added later are not log lines.
      return null;
  }
}

function actionPid(record: ActionRecord): number | null {
  const pid = (record.request as { pid?: unknown } | null)?.pid;
  return typeof pid === 'number' ? pid : null;
}

function actionDetails(record: ActionRecord): string {
  const outcome = record.outcome.ok ? 'ok' : `failed (${record.outcome.error.kind}): ${record.outcome.error.message}`;
  return `${boundedJson(record.request ?? null)} -> ${outcome}`;
}

function row(dt: number, type: string, pid: number | null, name: string, ppid: number | null, details: string): string {
  return [
    String(Math.round(dt)),
    csvText(type),
    pid === null ? '' : String(pid),
    csvText(name),
    ppid === null ? '' : String(ppid),
    csvText(details),
  ].join(',');
}

/**
 * One text field: quoted when it holds a comma, quote or line break; and, since process names
 * and commands are chosen by whoever started the process, a leading = + - @ is neutralised with
 * a quote mark so a spreadsheet does not run it as a formula.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
