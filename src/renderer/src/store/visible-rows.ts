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
 * its end, never its last running state); while updates are paused, everything stays. So a click or a kill hits the
 * process the person meant, and what it shows is true.
 */
export class RowFreezer {
  private last: VisibleRow[] = [];
  /** Rows given while holding the order, by key: one whose process did not change again is the same object, not drawn again. */
  private readonly held = new Map<string, VisibleRow>();

  rows(mode: 'live' | 'hold-order' | 'hold-all', store: LiveStore, compute: () => VisibleRow[]): VisibleRow[] {
    if (mode === 'hold-all' && this.last.length > 0) return this.last;
    if (mode === 'hold-order' && this.last.length > 0) {
      return this.last.map((r) => {
        const process = store.table.get(r.key) ?? store.gone.get(r.key)?.process ?? r.process;
        if (process === r.process) return r;
        const held = this.held.get(r.key);
        if (held?.process === process) return held;
        const row = { ...r, process };
        this.held.set(r.key, row);
        return row;
      });
    }
    this.held.clear();
    this.last = compute();
    return this.last;
  }
}
