import type { SamplerEvent } from '../../../shared/model';
import type { ProcessRow } from './types';

export function keyOf(row: { pid: number; startTime: number }): string {
  return `${row.pid}@${row.startTime}`;
}

/** Lifecycle events between two tables, keyed by pid + start time so a reused pid is a new process. */
export function diffTables(previous: ReadonlyMap<string, ProcessRow>, current: ReadonlyMap<string, ProcessRow>, t: number): SamplerEvent[] {
  const events: SamplerEvent[] = [];
  const base = (row: ProcessRow) => ({ t, pid: row.pid, startTime: row.startTime, ppid: row.ppid, name: row.name });
  for (const [key, row] of current) {
    const before = previous.get(key);
    if (!before) {
      events.push({ type: 'started', ...base(row) });
      continue;
    }
    if (before.ppid !== row.ppid) events.push({ type: 'reparented', ...base(row), from: before.ppid, to: row.ppid });
    if (before.state !== row.state) events.push({ type: 'state-changed', ...base(row), from: before.state, to: row.state });
  }
  for (const [key, row] of previous) {
    if (!current.has(key)) events.push({ type: 'ended', ...base(row) });
  }
  return events;
}

export function indexRows(rows: readonly ProcessRow[]): Map<string, ProcessRow> {
  return new Map(rows.map((row) => [keyOf(row), row]));
}
