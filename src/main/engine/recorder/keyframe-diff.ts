import type { ProcessChange } from '../../../shared/events';
import { processKey, type ProcessInfo, type Snapshot } from '../../../shared/model';
import type { ProcessTable } from '../../../shared/process-table';
import { DEMANDED_FIELDS } from '../sampler/demanded-fields';

/** Fields a `sample` event can carry; a difference in any other needs the whole row. */
const METRICS = ['cpuPercent', 'rssBytes', 'threads', 'orphan'] as const;
const OTHER_FIELDS = ['ppid', 'name', 'cmd', 'state', 'user', 'startedAt', 'zombie', 'pgid', 'sid'] as const;

export interface KeyframeDiff {
  /** Metric changes the sampler folded into its keyframe instead of sending a `sample` that tick. */
  changes: ProcessChange[];
  /** Rows that differ in more than metrics (a kernel worker or an exec renamed it) or that the table lacks. */
  upsert: ProcessInfo[];
  /** Rows the table has and the keyframe does not. */
  remove: Array<{ pid: number; startTime: number }>;
}

/**
 * What a sampler keyframe would change in a table already folded from the events before it.
 * The sampler sends no `sample` on keyframe ticks, and no event for a renamed process, so a
 * recorder that drops its keyframes keeps these differences instead.
 */
export function diffKeyframe(table: ProcessTable, snapshot: Snapshot): KeyframeDiff {
  const changes: ProcessChange[] = [];
  const upsert: ProcessInfo[] = [];
  const seen = new Set<string>();
  for (const next of snapshot.processes) {
    const key = processKey(next);
    seen.add(key);
    const before = table.get(key);
    if (!before || OTHER_FIELDS.some((field) => !same(before[field], next[field])) || !same(before.formerParent, next.formerParent)) {
      upsert.push(next);
      continue;
    }
    const change: ProcessChange = { pid: next.pid, startTime: next.startTime };
    let changed = false;
    for (const field of METRICS) {
      if (!same(before[field], next[field])) {
        (change as Record<string, unknown>)[field] = next[field] ?? null;
        changed = true;
      }
    }
    // htop's columns are in a keyframe only while a viewer shows them: one that is absent was not read, not changed.
    for (const field of DEMANDED_FIELDS) {
      if (next[field] !== undefined && !same(before[field], next[field])) {
        (change as Record<string, unknown>)[field] = next[field];
        changed = true;
      }
    }
    if (changed) changes.push(change);
  }
  const remove = table
    .processes()
    .filter((p) => !seen.has(processKey(p)))
    .map((p) => ({ pid: p.pid, startTime: p.startTime }));
  return { changes, upsert, remove };
}

function same(a: ProcessInfo[keyof ProcessInfo], b: ProcessInfo[keyof ProcessInfo]): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (typeof a === 'object' && typeof b === 'object' && a && b) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
