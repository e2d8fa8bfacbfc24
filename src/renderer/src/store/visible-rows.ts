import { subtreePids } from '../../../shared/analysis/tree';
import type { ProcessInfo } from '../../../shared/model';
import type { ProcessPredicate } from './filter';
import type { LiveStore } from './live-store';
import { buildRowsReporting, keyOf, type RowOptions, type SortOrder, type VisibleRow } from './rows';

export interface ViewOptions {
  tree: boolean;
  sort: SortOrder;
  predicate: ProcessPredicate;
  collapsed: ReadonlySet<string>;
  onlyOwn: boolean;
  /** Key of the process whose subtree follow mode keeps in view. */
  follow: string | null;
}

/** What the rows are built from: live processes plus those that just ended (they linger), and the view's switches. */
export function rowInputs(store: LiveStore, options: ViewOptions): { processes: ProcessInfo[]; rowOptions: RowOptions } {
  const processes = store.table.processes();
  for (const [key, e] of store.ended) if (!store.table.get(key)) processes.push(e.process);
  let only: Set<string> | null = null;
  if (options.onlyOwn) {
    const own = processes.filter((p) => store.children.has(keyOf(p))).map((p) => p.pid);
    const pids = subtreePids(processes, own);
    only = new Set(processes.filter((p) => pids.has(p.pid)).map(keyOf));
  }
  const root = options.follow ? store.table.get(options.follow) : undefined;
  if (root) {
    const pids = subtreePids(processes, [root.pid]);
    only = new Set(processes.filter((p) => pids.has(p.pid) && (!only || only.has(keyOf(p)))).map(keyOf));
  }
  return { processes, rowOptions: { ...options, only, modeOf: (key) => store.children.get(key)?.mode } };
}

/** The rows the tree shows: live processes plus those that just ended (they linger), narrowed by the view's switches. */
export function computeVisibleRows(store: LiveStore, options: ViewOptions): VisibleRow[] {
  const { processes, rowOptions } = rowInputs(store, options);
  return buildRowsReporting(processes, rowOptions).rows;
}

/**
 * Holds rows still: while the pointer is over the tree, the order stays (values update, and a process that ended shows
 * its end, never its last running state: see liveProcess); while updates are paused, everything stays. So a click or a
 * kill hits the process the person meant, and what it shows is true.
 */
export class RowFreezer {
  private last: VisibleRow[] = [];
  private mode: FreezeMode = 'live';

  rows(mode: FreezeMode, store: LiveStore, compute: () => VisibleRow[]): VisibleRow[] {
    if (mode === 'live' || this.last.length === 0) this.last = compute();
    // Paused while the order was held: the rows hold the values they showed at that moment, not those of the hold's start.
    else if (mode === 'hold-all' && this.mode === 'hold-order') this.last = this.last.map((r) => withProcess(r, liveProcess(store, r, 'order')));
    this.mode = mode;
    return this.last;
  }
}

type FreezeMode = 'live' | 'hold-order' | 'hold-all';

const withProcess = (row: VisibleRow, process: ProcessInfo): VisibleRow => (process === row.process ? row : { ...row, process });

/**
 * What a row shows: its process as the table has it now, or as it ended (a row held still outlives its process), or,
 * while everything is held, as it was when the hold began.
 */
export function liveProcess(store: LiveStore, row: VisibleRow, held: 'order' | 'all' | null): ProcessInfo {
  if (held === 'all') return row.process;
  return store.table.get(row.key) ?? store.gone.get(row.key)?.process ?? row.process;
}
