import type { EngineEvent } from '../events';

/** Many children of one parent started close together: shown as one line of the log, not hundreds. */
export interface Burst {
  ppid: number;
  /** The parent's name, as its children had it at their fork. */
  parentName: string;
  started: number;
  /** Children whose exit the kernel reported with a code other than 0, or a signal. */
  nonZero: number;
  firstT: number;
  lastT: number;
}

export type LogItem = { kind: 'event'; event: EngineEvent } | { kind: 'burst'; burst: Burst };

export interface BurstOptions {
  /** At least this many starts make a burst (default 20). */
  min?: number;
  /** Starts further apart than this end a burst (default 1000 ms). */
  gapMs?: number;
}

const MEMBER_TYPES = new Set(['started', 'exec', 'exit', 'ended', 'zombie-reaped', 'became-zombie', 'state-changed']);

function pidOf(event: EngineEvent): number | null {
  if (event.type === 'started') return event.process.pid;
  return 'pid' in event && typeof event.pid === 'number' ? event.pid : null;
}

/**
 * The log with bursts grouped (events oldest first): "make started 412 processes in 3 s; 3 exited non-zero".
 * A burst takes the starts, execs, exits and ends of its children; everything else stays as it was.
 */
export function groupBursts(events: readonly EngineEvent[], options: BurstOptions = {}): LogItem[] {
  const min = options.min ?? 20;
  const gapMs = options.gapMs ?? 1000;
  // Pass 1: runs of starts per parent.
  const runs = new Map<number, Array<{ first: number; last: number; pids: Set<number>; name: string }>>();
  for (const event of events) {
    if (event.type !== 'started') continue;
    const { ppid, pid, name } = event.process;
    const list = runs.get(ppid) ?? [];
    runs.set(ppid, list);
    const run = list.at(-1);
    if (run && event.t - run.last <= gapMs) {
      run.last = event.t;
      run.pids.add(pid);
    } else list.push({ first: event.t, last: event.t, pids: new Set([pid]), name });
  }
  const burstOf = new Map<number, Burst>();
  const firstPid = new Map<Burst, number>();
  for (const [ppid, list] of runs) {
    for (const run of list) {
      if (run.pids.size < min) continue;
      const burst: Burst = { ppid, parentName: run.name, started: run.pids.size, nonZero: 0, firstT: run.first, lastT: run.last };
      for (const pid of run.pids) burstOf.set(pid, burst);
      firstPid.set(burst, [...run.pids][0]!);
    }
  }
  // Pass 2: members fold into their burst, shown where its first start was.
  const items: LogItem[] = [];
  for (const event of events) {
    const pid = pidOf(event);
    const burst = pid === null || !MEMBER_TYPES.has(event.type) ? undefined : burstOf.get(pid);
    if (!burst) {
      items.push({ kind: 'event', event });
      continue;
    }
    if (event.type === 'exit' && (event.signal !== null || event.code !== 0)) burst.nonZero++;
    if (event.type === 'started' && event.process.pid === firstPid.get(burst)) items.push({ kind: 'burst', burst });
  }
  return items;
}

/** The line a person reads: "make started 412 processes in 3 s; 3 exited non-zero". */
export function describeBurst(burst: Burst): string {
  const seconds = Math.max(1, Math.round((burst.lastT - burst.firstT) / 1000));
  const nonZero = burst.nonZero > 0 ? `; ${burst.nonZero} exited non-zero` : '';
  return `${burst.parentName} started ${burst.started} processes in ${seconds} s${nonZero}`;
}
