import { formatOffset, type Recording } from '../../../shared/recording';
import { processLives } from './lifetimes';

export interface ProcessSummary {
  pid: number;
  startTime: number;
  name: string;
  cmd: string;
  ppid: number;
  parentName: string | null;
  /** Offset of its start; null when it was already running as the recording began. */
  startDt: number | null;
  /** Offset at which it was gone; null when it outlived the recording. */
  endDt: number | null;
  /** Known for Forkscope's own children (from the supervisor). */
  exitCode: number | null;
  exitSignal: string | null;
}

export interface RecordingSummary {
  host: string;
  platform: string;
  forkscopeVersion: string;
  startedAt: number;
  intervalMs: number;
  durationMs: number;
  complete: boolean;
  notice: string | null;
  records: number;
  keyframes: number;
  actions: number;
  processes: ProcessSummary[];
  counts: { seen: number; startedDuring: number; endedDuring: number; zombies: number; orphans: number };
  zombies: Array<{ pid: number; startTime: number; name: string; ppid: number; parentName: string | null; dt: number; reapedDt: number | null }>;
  orphans: Array<{ pid: number; startTime: number; name: string; formerParent: { pid: number; name: string }; newPpid: number; dt: number }>;
}

/** What happened in a recording: the processes it saw, their lifetimes and exits, its zombies and orphans. */
export function summarize(recording: Recording): RecordingSummary {
  const lives = processLives(recording);
  const processes: ProcessSummary[] = lives.map((l) => ({
    pid: l.pid,
    startTime: l.startTime,
    name: l.name,
    cmd: l.cmd,
    ppid: l.ppid,
    parentName: l.parentName,
    startDt: l.startedDuring ? l.startDt : null,
    endDt: l.endDt,
    exitCode: l.exit?.code ?? null,
    exitSignal: l.exit?.signal ?? null,
  }));
  const zombies = lives.flatMap((l) =>
    l.zombie
      ? [
          {
            pid: l.pid,
            startTime: l.startTime,
            name: l.name,
            ppid: l.zombie.ppid,
            parentName: l.zombie.parentName,
            dt: l.zombie.dt,
            reapedDt: l.zombie.reapedDt,
          },
        ]
      : [],
  );
  const orphans = lives.flatMap((l) =>
    l.orphan
      ? [{ pid: l.pid, startTime: l.startTime, name: l.name, formerParent: l.orphan.formerParent, newPpid: l.orphan.newPpid, dt: l.orphan.dt }]
      : [],
  );
  const { header } = recording;
  return {
    host: header.host,
    platform: header.platform,
    forkscopeVersion: header.forkscopeVersion,
    startedAt: header.startedAt,
    intervalMs: header.intervalMs,
    durationMs: recording.durationMs,
    complete: recording.complete,
    notice: recording.notice,
    records: recording.records.length,
    keyframes: recording.keyframes.length,
    actions: recording.records.filter((r) => r.kind === 'action').length,
    processes,
    counts: {
      seen: processes.length,
      startedDuring: processes.filter((p) => p.startDt !== null).length,
      endedDuring: processes.filter((p) => p.endDt !== null).length,
      zombies: zombies.length,
      orphans: orphans.length,
    },
    zombies: zombies.sort((a, b) => a.dt - b.dt),
    orphans: orphans.sort((a, b) => a.dt - b.dt),
  };
}

/** The text `forkscope replay FILE --summary` prints; `limit` caps the list of processes that came or went. */
export function formatSummary(summary: RecordingSummary, options: { limit?: number } = {}): string {
  const limit = options.limit ?? 40;
  const lines: string[] = [];
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parent = (pid: number, name: string | null) => (name ? `${name} ${pid}` : `${pid}`);
  lines.push(`Forkscope recording of ${summary.host} (${summary.platform}), made by Forkscope ${summary.forkscopeVersion}`);
  lines.push(
    `Started ${new Date(summary.startedAt).toISOString()}, lasts ${formatOffset(summary.durationMs)}, sampled every ${summary.intervalMs} ms; ` +
      `${count(summary.records, 'record')}, ${count(summary.keyframes, 'keyframe')}, ${count(summary.actions, 'action')}${summary.complete ? '' : ' (incomplete)'}`,
  );
  if (summary.notice) lines.push(`Notice: ${summary.notice}`);
  const c = summary.counts;
  lines.push(
    `Processes: ${c.seen} seen; ${c.startedDuring} started and ${c.endedDuring} ended during the recording; ${count(c.zombies, 'zombie')}, ${count(c.orphans, 'orphan')}`,
  );

  if (summary.zombies.length) {
    lines.push('', `Zombies (${summary.zombies.length}):`);
    for (const z of summary.zombies) {
      const reaped = z.reapedDt === null ? 'never reaped in the recording' : `reaped at ${formatOffset(z.reapedDt)}`;
      lines.push(`  ${formatOffset(z.dt).padStart(8)}  ${z.name} ${z.pid}, parent ${parent(z.ppid, z.parentName)}: ${reaped}`);
    }
  }
  if (summary.orphans.length) {
    lines.push('', `Orphans (${summary.orphans.length}):`);
    for (const o of summary.orphans) {
      lines.push(
        `  ${formatOffset(o.dt).padStart(8)}  ${o.name} ${o.pid}, former parent ${o.formerParent.name} ${o.formerParent.pid}, adopted by ${o.newPpid}`,
      );
    }
  }
  const changed = summary.processes.filter((p) => p.startDt !== null || p.endDt !== null);
  if (changed.length) {
    const shown = changed.slice(0, limit);
    lines.push(
      '',
      `Processes that started or ended during the recording (${shown.length < changed.length ? `first ${shown.length} of ` : ''}${changed.length}):`,
    );
    lines.push(`  ${'start'.padStart(8)}  ${'end'.padStart(8)}  ${'pid'.padStart(7)}  ${'name'.padEnd(16)}  ${'parent'.padEnd(22)}  exit`);
    for (const p of shown) {
      const exit = p.exitSignal ? `signal ${p.exitSignal}` : p.exitCode !== null ? `code ${p.exitCode}` : '';
      lines.push(
        (
          `  ${(p.startDt === null ? 'before' : formatOffset(p.startDt)).padStart(8)}  ${(p.endDt === null ? 'after' : formatOffset(p.endDt)).padStart(8)}` +
          `  ${String(p.pid).padStart(7)}  ${p.name.padEnd(16)}  ${parent(p.ppid, p.parentName).padEnd(22)}  ${exit}`
        ).trimEnd(),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
