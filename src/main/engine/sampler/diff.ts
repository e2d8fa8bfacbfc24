import { processKey, type ProcessKey } from '../../../shared/model';
import type { ProcessRow } from './types';

interface Base {
  t: number;
  pid: number;
  startTime: number;
  ppid: number;
  name: string;
}
export type LifecycleChange =
  | ({ type: 'started' } & Base)
  | ({ type: 'ended' } & Base)
  | ({ type: 'reparented'; from: number; to: number } & Base)
  | ({ type: 'state-changed'; from: ProcessRow['state']; to: ProcessRow['state'] } & Base);

/** Lifecycle changes between two tables, keyed by pid + start time so a reused pid is a new process. */
export function diffTables(
  previous: ReadonlyMap<ProcessKey, ProcessRow>,
  current: ReadonlyMap<ProcessKey, ProcessRow>,
  t: number,
): LifecycleChange[] {
  const events: LifecycleChange[] = [];
  const base = (row: ProcessRow): Base => ({ t, pid: row.pid, startTime: row.startTime, ppid: row.ppid, name: row.name });
  let started = 0;
  for (const [key, row] of current) {
    const before = previous.get(key);
    if (!before) {
      events.push({ type: 'started', ...base(row) });
      started++;
      continue;
    }
    // The row a reader gave again because its process did not run (see LinuxProcessReader.idleRow) changed nothing.
    if (before === row) continue;
    if (before.ppid !== row.ppid) events.push({ type: 'reparented', ...base(row), from: before.ppid, to: row.ppid });
    if (before.state !== row.state) events.push({ type: 'state-changed', ...base(row), from: before.state, to: row.state });
  }
  // Every current key was in previous: when the sizes match, none ended.
  if (started === 0 && previous.size === current.size) return events;
  for (const [key, row] of previous) {
    if (!current.has(key)) events.push({ type: 'ended', ...base(row) });
  }
  return events;
}

export function indexRows(rows: readonly ProcessRow[]): Map<ProcessKey, ProcessRow> {
  return new Map(rows.map((row) => [processKey(row), row]));
}
