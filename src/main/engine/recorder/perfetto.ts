import { processKey } from '../../../shared/model';
import type { Recording } from '../../../shared/recording';
import { boundValue } from './bounded-value';
import { processLives, type ProcessLife } from './lifetimes';
import { PythonTrace } from './perfetto-python';
import { PieceWriter } from './piece-writer';

/** One entry of the Chrome Trace Event format, which Perfetto UI and chrome://tracing open. */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'i' | 'C' | 'M';
  /** Microseconds from the start of the recording. */
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  /** Scope of an instant event: thread. */
  s?: 't';
  cat?: string;
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

const us = (ms: number): number => Math.round(ms * 1000);

/** A recording as one Chrome trace object (what writeTrace writes, for small recordings and tests). */
export function toTraceEvents(recording: Recording): TraceFile {
  const traceEvents: TraceEvent[] = [];
  const metadata = emitTrace(recording, (event) => traceEvents.push(event));
  return { traceEvents, displayTimeUnit: 'ms', metadata };
}

/**
 * Writes the trace JSON piece by piece (`write` gets pieces of about TRACE_PIECE_CHARS), so a
 * recording of a million processes never becomes one string.
 */
export function writeTrace(recording: Recording, write: (piece: string) => void): void {
  const out = new PieceWriter(write);
  out.add('{"traceEvents":[');
  let first = true;
  const metadata = emitTrace(recording, (event) => {
    out.add(first ? JSON.stringify(event) : `,${JSON.stringify(event)}`);
    first = false;
  });
  out.add(`],"displayTimeUnit":"ms","metadata":${JSON.stringify(metadata)}}`);
  out.end();
}

/**
 * A recording as a Chrome trace: one track per process (parents before children, depth-first),
 * its lifetime as a slice, signals, state changes, zombies and orphans as instants, CPU and RSS
 * as counters, a track per queue experiment, and a probed Python program's lock waits and pool tasks
 * as slices and counters (perfetto-python.ts). The format has no parent link, so the parent
 * goes into each process's name and arguments; a reused pid gets a synthetic track pid. Events
 * go to `emit` as they are made; values a client chose (experiment configs) are kept bounded.
 */
function emitTrace(recording: Recording, emit: (event: TraceEvent) => void): Record<string, unknown> {
  const lives = processLives(recording);
  const events = {
    push(...items: TraceEvent[]): void {
      for (const item of items) emit(item);
    },
  };
  const trackOf = assignTracks(lives);
  const order = treeOrder(lives);
  const duration = recording.durationMs;
  let nextSynthetic = maxOf(trackOf.values()) + 1;

  lives.forEach((life) => {
    const pid = trackOf.get(life.key)!;
    const parent = life.parentName ? `parent ${life.parentName} ${life.ppid}` : `parent ${life.ppid}`;
    const label = `${life.name} ${life.pid} (${parent})`;
    events.push(
      { name: 'process_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: label } },
      { name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: pid, args: { sort_index: order.get(life.key)! } },
      { name: 'thread_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: `${life.name} ${life.pid}` } },
    );
    const endDt = lifeEnd(life, duration);
    events.push({
      name: life.name,
      ph: 'X',
      cat: 'process',
      ts: us(life.startDt),
      dur: Math.max(0, us(endDt) - us(life.startDt)),
      pid,
      tid: pid,
      args: {
        pid: life.pid,
        ppid: life.ppid,
        parent: life.parentName,
        startTime: life.startTime,
        startedAt: new Date(life.startedAt).toISOString(),
        cmd: life.cmd,
        user: life.user,
        startedDuringRecording: life.startedDuring,
        endedDuringRecording: life.endDt !== null,
        exitCode: life.exit?.code ?? null,
        exitSignal: life.exit?.signal ?? null,
        syntheticTrackPid: pid !== life.pid,
      },
    });
    if (life.zombie && life.zombie.dt <= endDt) {
      events.push({
        name: 'zombie',
        ph: 'X',
        cat: 'zombie',
        ts: us(life.zombie.dt),
        dur: Math.max(0, us(endDt) - us(life.zombie.dt)),
        pid,
        tid: pid,
        args: { parent: life.zombie.ppid, parentName: life.zombie.parentName },
      });
    }
  });

  const instant = (key: string, dt: number, name: string, cat: string, args: Record<string, unknown>): void => {
    const pid = trackOf.get(key);
    if (pid !== undefined) events.push({ name, ph: 'i', s: 't', cat, ts: us(dt), pid, tid: pid, args });
  };
  const counter = (pid: number, dt: number, name: string, value: number): void => {
    events.push({ name, ph: 'C', ts: us(dt), pid, tid: pid, args: { [name]: value } });
  };
  const queues = new Map<number, { pid: number; lastGets: number; lastT: number }>();
  const python = new PythonTrace(emit);
  /** pid → key of the latest process seen with it, for events that name a pid only. */
  const byPid = new Map<number, string>();

  for (const record of recording.records) {
    if (record.kind === 'action') continue;
    const { dt } = record;
    if (record.kind === 'correction') {
      for (const p of record.upsert) {
        byPid.set(p.pid, processKey(p));
        const pid = trackOf.get(processKey(p));
        if (pid !== undefined && p.cpuPercent != null) counter(pid, dt, 'CPU %', p.cpuPercent);
      }
      continue;
    }
    if (record.kind === 'keyframe') {
      for (const p of record.snapshot.processes) {
        byPid.set(p.pid, processKey(p));
        const pid = trackOf.get(processKey(p));
        if (pid === undefined) continue;
        if (p.cpuPercent != null) counter(pid, dt, 'CPU %', p.cpuPercent);
        if (p.rssBytes != null) counter(pid, dt, 'RSS (bytes)', p.rssBytes);
      }
      continue;
    }
    if (record.kind === 'output') continue;
    const e = record.event;
    switch (e.type) {
      case 'started': {
        byPid.set(e.process.pid, processKey(e.process));
        const pid = trackOf.get(processKey(e.process));
        if (pid !== undefined && e.process.cpuPercent != null) counter(pid, dt, 'CPU %', e.process.cpuPercent);
        if (pid !== undefined && e.process.rssBytes != null) counter(pid, dt, 'RSS (bytes)', e.process.rssBytes);
        break;
      }
      case 'sample':
        for (const change of e.changes) {
          const pid = trackOf.get(processKey(change));
          if (pid === undefined) continue;
          if (change.cpuPercent != null) counter(pid, dt, 'CPU %', change.cpuPercent);
          if (change.rssBytes != null) counter(pid, dt, 'RSS (bytes)', change.rssBytes);
        }
        break;
      case 'state-changed':
        instant(processKey(e), dt, `state ${e.from} → ${e.to}`, 'state', { from: e.from, to: e.to });
        break;
      case 'became-zombie':
        instant(processKey(e), dt, 'became zombie', 'zombie', { parent: e.ppid });
        break;
      case 'zombie-reaped':
        instant(processKey(e), dt, `zombie reaped by ${e.ppid}`, 'zombie', { reaper: e.ppid, zombieSinceMs: e.zombieSinceMs });
        break;
      case 'orphaned':
        instant(processKey(e), dt, `orphaned (parent ${e.formerParent.name} ${e.formerParent.pid} gone, now ${e.ppid})`, 'orphan', {
          formerParent: e.formerParent,
          newParent: e.ppid,
        });
        break;
      case 'adopted':
        instant(processKey(e), dt, `adopted by Forkscope ${e.ppid}, which reaps it`, 'orphan', { formerParent: e.formerParent, newParent: e.ppid });
        break;
      case 'reparented':
        instant(processKey(e), dt, `reparented ${e.from} → ${e.to}`, 'lifecycle', { from: e.from, to: e.to });
        break;
      case 'signaled':
        instant(processKey(e), dt, `${e.signal} (${e.outcome})`, 'signal', { signal: e.signal, outcome: e.outcome });
        break;
      case 'program-queues': {
        const key = byPid.get(e.pid);
        const pid = key === undefined ? undefined : trackOf.get(key);
        if (pid === undefined) break;
        for (const q of e.queues) {
          counter(pid, dt, `queue ${q.id} depth`, q.depth);
          counter(pid, dt, `queue ${q.id} gets`, q.gets);
        }
        python.add(e, dt, pid, (child) => {
          const childKey = byPid.get(child);
          return childKey === undefined ? undefined : trackOf.get(childKey);
        });
        break;
      }
      case 'spawned':
        byPid.set(e.pid, processKey(e));
        instant(processKey(e), dt, `spawned (${e.mode})`, 'supervisor', { mode: e.mode, command: e.command, args: boundValue(e.args) });
        break;
      case 'exited':
        instant(processKey(e), dt, e.signal ? `exited on ${e.signal}` : `exited with code ${e.code}`, 'supervisor', {
          code: e.code,
          signal: e.signal,
          runMs: e.runMs,
        });
        break;
      case 'exec':
        instant(processKey(e), dt, `exec ${e.name}`, 'kernel', { formerName: e.formerName, name: e.name });
        break;
      case 'exit':
        instant(processKey(e), dt, e.signal ? `killed by ${e.signal}${e.core ? ' (core dumped)' : ''}` : `exited with code ${e.code}`, 'kernel', {
          code: e.code,
          signal: e.signal,
          core: e.core,
          runMs: e.runMs,
        });
        break;
      case 'joined':
        instant(processKey(e), dt, e.timedOut ? 'join timed out' : 'joined', 'supervisor', { code: e.code, signal: e.signal, timedOut: e.timedOut });
        break;
      case 'restart-scheduled':
        instant(processKey(e), dt, `restart ${e.attempt} in ${e.delayMs} ms`, 'supervisor', { reason: e.reason });
        break;
      case 'restarted':
        instant(processKey(e), dt, `restarted ${e.restarts}×`, 'supervisor', { previous: e.previous.pid });
        break;
      case 'restart-ended':
        instant(processKey(e), dt, 'restart policy ended', 'supervisor', { reason: e.reason, message: e.message });
        break;
      case 'queue-started': {
        const pid = nextSynthetic++;
        queues.set(e.experiment, { pid, lastGets: 0, lastT: e.t });
        events.push(
          { name: 'process_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: `queue experiment ${e.experiment}` } },
          { name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: pid, args: { sort_index: order.size + e.experiment } },
          { name: 'thread_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: `queue experiment ${e.experiment}` } },
          { name: 'queue started', ph: 'i', s: 't', cat: 'queue', ts: us(dt), pid, tid: pid, args: { config: boundValue(e.config) } },
        );
        break;
      }
      case 'queue-metrics': {
        const queue = queues.get(e.experiment);
        if (!queue) break;
        const m = e.metrics;
        counter(queue.pid, dt, 'queue depth', m.depth);
        counter(queue.pid, dt, 'in flight', m.inFlight);
        const seconds = (m.t - queue.lastT) / 1000;
        if (seconds > 0) counter(queue.pid, dt, 'throughput (msg/s)', Math.round((m.gets - queue.lastGets) / seconds));
        queue.lastGets = m.gets;
        queue.lastT = m.t;
        break;
      }
      case 'queue-finished':
      case 'queue-failed': {
        const queue = queues.get(e.experiment);
        if (!queue) break;
        const args = e.type === 'queue-finished' ? { result: boundValue(e.result) } : { message: e.message };
        events.push({
          name: e.type === 'queue-finished' ? 'queue finished' : 'queue failed',
          ph: 'i',
          s: 't',
          cat: 'queue',
          ts: us(dt),
          pid: queue.pid,
          tid: queue.pid,
          args,
        });
        break;
      }
    }
  }

  python.finish(duration);

  const { header } = recording;
  return {
    source: 'Forkscope',
    forkscopeVersion: header.forkscopeVersion,
    host: header.host,
    platform: header.platform,
    startedAt: new Date(header.startedAt).toISOString(),
    intervalMs: header.intervalMs,
    complete: recording.complete,
    notice: recording.notice,
  };
}

/** Where a process's slice ends: when it left the table, else its exit, else the end of the recording. */
function lifeEnd(life: ProcessLife, duration: number): number {
  const end = life.endDt ?? (life.exit && !life.zombie ? life.exit.dt : duration);
  return Math.max(life.startDt, end);
}

/** Track pid per process: its own pid, or for a pid used again, a number above every real pid. */
function assignTracks(lives: ProcessLife[]): Map<string, number> {
  const tracks = new Map<string, number>();
  const used = new Set<number>();
  const reused: ProcessLife[] = [];
  for (const life of lives) {
    if (used.has(life.pid)) reused.push(life);
    else {
      used.add(life.pid);
      tracks.set(life.key, life.pid);
    }
  }
  let next = maxOf(used) + 1;
  for (const life of reused) tracks.set(life.key, next++);
  return tracks;
}

/** Sort index per process: depth-first, parents before children, siblings by start. */
function treeOrder(lives: ProcessLife[]): Map<string, number> {
  const children = new Map<string | null, ProcessLife[]>();
  const known = new Set(lives.map((l) => l.key));
  for (const life of lives) {
    const parent = life.parentKey && known.has(life.parentKey) && life.parentKey !== life.key ? life.parentKey : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(life);
  }
  for (const list of children.values()) list.sort((a, b) => a.startDt - b.startDt || a.startedAt - b.startedAt || a.pid - b.pid);
  const order = new Map<string, number>();
  // Iterative: a long chain of descendants must not overflow the stack.
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const life = stack.pop()!;
    if (order.has(life.key)) continue;
    order.set(life.key, order.size);
    const kids = children.get(life.key) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  // Cycles cannot happen with first-seen parents, but no process may go without a place.
  for (const life of lives) if (!order.has(life.key)) order.set(life.key, order.size);
  return order;
}

function maxOf(values: Iterable<number>): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}
