import type { EngineEvent, ProcessChange } from '../../../shared/events';
import { processKey, type ProcessInfo, type Snapshot } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';

type Keyframe = Extract<EngineEvent, { type: 'keyframe' }>;
type Sample = Extract<EngineEvent, { type: 'sample' }>;

/** The fields a `sample` can carry (see ProcessChangeSchema): a keyframe that differs from the views' table only in these is a sample. */
const SAMPLE_FIELDS: ReadonlySet<string> = new Set([
  'cpuPercent',
  'rssBytes',
  'threads',
  'orphan',
  'name',
  'cmd',
  'cpuTimeMs',
  'nice',
  'priority',
  'virtBytes',
  'shrBytes',
  'stateLetter',
  'ioReadBps',
  'ioWriteBps',
  'ioReadable',
  // Running and sleeping, process group and session change without an event; a zombie's `zombie` flag is no sample's.
  'state',
  'pgid',
  'sid',
]);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // formerParent and exit are small objects; anything else that differs is a difference.
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What a periodic keyframe tells a view that already holds `table` (the fold of everything it was sent): the same
 * rows with changed metrics, as one `sample`, or null when the keyframe says more than a sample can carry (a row
 * the view lacks or should not have, a changed state, parent, owner, exit…), and the view must take the keyframe.
 * A field the keyframe lacks but the view holds is a column no viewer shows any more: not a difference (samples
 * never unset a field either). The sample's changes are empty when nothing changed.
 */
export function keyframeAsSample(table: ProcessTable, keyframe: Keyframe): Sample | null {
  const snapshot: Snapshot = keyframe.snapshot;
  if (snapshot.processes.length !== table.size) return null;
  if (table.platform !== snapshot.platform) return null;
  if (snapshot.lifecycle && !same(snapshot.lifecycle, table.lifecycle)) return null;
  const changes: ProcessChange[] = [];
  for (const now of snapshot.processes) {
    const before = table.get(processKey(now));
    if (!before) return null;
    let change: ProcessChange | undefined;
    for (const field of Object.keys(now) as (keyof ProcessInfo)[]) {
      const value = now[field];
      if (value === undefined || same(value, before[field])) continue;
      if (!SAMPLE_FIELDS.has(field)) return null;
      change ??= { pid: now.pid, startTime: now.startTime };
      (change as Record<string, unknown>)[field] = value;
    }
    if (change) changes.push(change);
  }
  return { type: 'sample', t: keyframe.t, changes };
}

/**
 * The live stream as the views get it: each view (every window, every browser tab) starts from the table it was
 * given when it joined and folds what follows, so a periodic keyframe, which restates the whole table, is sent to
 * the views as the changes since the last tick only (a recording keeps every keyframe: it is what a seek starts
 * from). The table here is the fold of what the views were sent; whenever a keyframe says more than a sample can
 * (an event was missed), it goes to the views whole and everyone starts from it again.
 */
export class ViewDeltas {
  private readonly table = new ProcessTable();
  private seeded = false;

  /** The events to send the views in place of `events`; keyframes become samples where they can. */
  forViews(events: EngineEvent[]): EngineEvent[] {
    let out: EngineEvent[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (event.type === 'keyframe') {
        const sample = this.seeded ? keyframeAsSample(this.table, event) : null;
        this.seeded = true;
        if (sample) {
          out ??= events.slice(0, i);
          if (sample.changes.length > 0) out.push(sample);
          this.table.apply(event);
          continue;
        }
      }
      out?.push(event);
      this.table.apply(event);
    }
    return out ?? events;
  }

  /** The views start over from `events` (back to live after a replay). */
  reset(events: EngineEvent[]): void {
    this.table.clear();
    this.seeded = false;
    this.forViews(events);
    this.seeded = events.some((e) => e.type === 'keyframe');
  }
}
