import { isLogEvent, type EngineEvent } from '../../../shared/events';
import type { Snapshot } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import type { BodyRecord, EventRecord, KeyframeRecord, Recording } from '../../../shared/recording';

/** How many event-log entries a seek hands the view, newest last. */
export const REPLAY_LOG_LIMIT = 500;

export interface ReplayState {
  /** The offset asked for, clamped to the recording (ms from its start). */
  dt: number;
  table: ProcessTable;
  snapshot: Snapshot;
  /** The last event-log entries at or before `dt`, oldest first, each with its offset. */
  events: Array<{ dt: number; event: EngineEvent }>;
}

export type MarkerKind = 'spawn' | 'exit' | 'zombie' | 'orphan';
export interface Marker {
  dt: number;
  kind: MarkerKind;
  pid: number;
  startTime: number;
  name: string;
}

interface TimelineIndex {
  /** Indexes into records of event records that go to the event log. */
  log: number[];
  /** Offsets of event records per event type (and `action`), for next/previous jumps. */
  byType: Map<string, number[]>;
}
const indexes = new WeakMap<Recording, TimelineIndex>();

function timelineIndex(recording: Recording): TimelineIndex {
  let index = indexes.get(recording);
  if (index) return index;
  index = { log: [], byType: new Map() };
  recording.records.forEach((record, i) => {
    const type = record.kind === 'event' ? record.event.type : record.kind;
    let offsets = index.byType.get(type);
    if (!offsets) index.byType.set(type, (offsets = []));
    offsets.push(record.dt);
    if (record.kind === 'event' && isLogEvent(record.event)) index.log.push(i);
  });
  indexes.set(recording, index);
  return index;
}

/**
 * The table and event log as they were `tMs` into the recording: folded with the same
 * ProcessTable as live, from the nearest keyframe at or before that point.
 */
export function stateAt(recording: Recording, tMs: number): ReplayState {
  const dt = Math.min(Math.max(0, tMs), recording.durationMs);
  const { records, keyframes } = recording;
  // Records [0, end) happened at or before dt.
  const end = upperBound(records.length, (i) => records[i]!.dt <= dt);
  const k = upperBound(keyframes.length, (i) => keyframes[i]! < end) - 1;
  const table = new ProcessTable();
  let from = 0;
  if (k >= 0) {
    const at = keyframes[k]!;
    restore(table, records[at] as KeyframeRecord);
    from = at + 1;
  }
  for (let i = from; i < end; i++) applyRecord(table, records[i]!);

  const { log } = timelineIndex(recording);
  const logEnd = upperBound(log.length, (i) => log[i]! < end);
  const events = log.slice(Math.max(0, logEnd - REPLAY_LOG_LIMIT), logEnd).map((i) => {
    const record = records[i] as EventRecord;
    return { dt: record.dt, event: record.event };
  });
  return { dt, table, snapshot: table.snapshot(), events };
}

/** Applies one record to a table the way replay does. */
export function applyRecord(table: ProcessTable, record: BodyRecord): void {
  switch (record.kind) {
    case 'event':
      table.apply(record.event);
      break;
    case 'keyframe':
      restore(table, record);
      break;
    case 'correction':
      // The table's own fold does the replacing: `started` puts a whole row, `ended` drops one.
      for (const p of record.upsert) table.apply({ type: 'started', t: record.t, process: p });
      for (const p of record.remove) table.apply({ type: 'ended', t: record.t, pid: p.pid, startTime: p.startTime, ppid: 0, name: '' });
      break;
  }
}

function restore(table: ProcessTable, record: KeyframeRecord): void {
  table.apply({ type: 'keyframe', t: record.snapshot.takenAt, snapshot: record.snapshot });
  if (record.system) table.apply({ type: 'system', t: record.snapshot.takenAt, system: record.system });
}

/** Points worth a tick on the timeline: processes starting and ending, zombies, orphans. */
export function markers(recording: Recording): Marker[] {
  const out: Marker[] = [];
  for (const record of recording.records) {
    if (record.kind !== 'event') continue;
    const e = record.event;
    switch (e.type) {
      case 'started':
        out.push({ dt: record.dt, kind: 'spawn', pid: e.process.pid, startTime: e.process.startTime, name: e.process.name });
        break;
      case 'ended':
        out.push({ dt: record.dt, kind: 'exit', pid: e.pid, startTime: e.startTime, name: e.name });
        break;
      case 'became-zombie':
        out.push({ dt: record.dt, kind: 'zombie', pid: e.pid, startTime: e.startTime, name: e.name });
        break;
      case 'orphaned':
        out.push({ dt: record.dt, kind: 'orphan', pid: e.pid, startTime: e.startTime, name: e.name });
        break;
    }
  }
  return out;
}

/**
 * The offset of the nearest record of `type` (an engine event type, or `action` / `keyframe`)
 * strictly after (`next`) or before (`previous`) `tMs`; null when there is none.
 */
export function nextEvent(
  recording: Recording,
  tMs: number,
  type: EngineEvent['type'] | 'action' | 'keyframe',
  direction: 'next' | 'previous' = 'next',
): number | null {
  const offsets = timelineIndex(recording).byType.get(type);
  if (!offsets) return null;
  if (direction === 'next') {
    const i = upperBound(offsets.length, (j) => offsets[j]! <= tMs);
    return i < offsets.length ? offsets[i]! : null;
  }
  const i = upperBound(offsets.length, (j) => offsets[j]! < tMs) - 1;
  return i >= 0 ? offsets[i]! : null;
}

/** The number of leading indexes in [0, n) for which `before` holds (it must hold for a prefix). */
function upperBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
