import type { LiveStore } from './live-store';
import { buildRowsReporting, rowMatcher, rowOrder, type RowOptions, type SortKey, type VisibleRow } from './rows';
import { rowInputs, type ViewOptions } from './visible-rows';
import type { ProcessInfo } from '../../../shared/model';

/** The field a sort reads, so a change to any other field cannot move a row (a sort not listed: any change may). */
const SORT_FIELD: Partial<Record<SortKey, keyof ProcessInfo>> = {
  pid: 'pid',
  name: 'name',
  state: 'state',
  cpu: 'cpuPercent',
  memory: 'rssBytes',
  user: 'user',
  started: 'startedAt',
  command: 'cmd',
};

interface Built {
  store: LiveStore;
  options: ViewOptions;
  rowOptions: RowOptions;
  structure: number;
  /** How far into the store's change log these rows are patched. */
  seq: number;
  rows: VisibleRow[];
  index: Map<string, number>;
  matched: Set<string>;
}

const sameOptions = (a: ViewOptions, b: ViewOptions): boolean =>
  a.tree === b.tree &&
  a.sort.key === b.sort.key &&
  a.sort.descending === b.sort.descending &&
  a.predicate === b.predicate &&
  a.collapsed === b.collapsed &&
  a.onlyOwn === b.onlyOwn &&
  a.follow === b.follow;

/**
 * The tree's rows kept between ticks. A tick that only changed metrics patches the rows of the processes it changed in
 * place (each row's `process` becomes the table's newest object; the array and every row object stay the same), unless
 * a change moves a row (its sort field now breaks the order beside its siblings) or flips whether it matches the
 * filter; a tick that changed the table's shape builds the rows again, keeping every unchanged row's object. So the
 * view above the rows draws again only when their shape or order changed, and each row in view, which reads its own
 * process from the store, only when that process changed: a tick in which nothing shown changed draws nothing.
 */
export class IncrementalRows {
  private built: Built | null = null;

  rows(store: LiveStore, options: ViewOptions): VisibleRow[] {
    const built = this.built;
    if (built && built.store === store && built.structure === store.structureVersion && sameOptions(built.options, options)) {
      if (built.seq >= store.changeLogStart && this.patch(built)) return built.rows;
    }
    return this.rebuild(store, options);
  }

  /** Applies the change log since the last read; false when a change needs the rows built again. */
  private patch(built: Built): boolean {
    const { store, rows } = built;
    const matches = rowMatcher(built.rowOptions);
    const order = rowOrder(built.options.sort);
    const field = SORT_FIELD[built.options.sort.key];
    for (let i = built.seq - store.changeLogStart; i < store.changeLog.length; i++) {
      const key = store.changeLog[i]!;
      const p = store.table.get(key);
      if (!p) continue;
      if (matches(p, key) !== built.matched.has(key)) return false;
      const at = built.index.get(key);
      if (at === undefined) continue;
      const row = rows[at]!;
      if (row.process === p) continue;
      const mayMove = field === undefined || row.process[field] !== p[field];
      row.process = p;
      if (mayMove && !inOrder(rows, at, order, built.options.tree)) return false;
    }
    built.seq = store.changeSeq;
    return true;
  }

  private rebuild(store: LiveStore, options: ViewOptions): VisibleRow[] {
    const { processes, rowOptions } = rowInputs(store, options);
    const { rows, matched } = buildRowsReporting(processes, rowOptions);
    const before = this.built;
    const index = new Map<string, number>();
    rows.forEach((row, i) => {
      index.set(row.key, i);
      const old = before ? before.rows[before.index.get(row.key) ?? -1] : undefined;
      if (old && sameRow(old, row)) rows[i] = old;
    });
    this.built = { store, options, rowOptions, structure: store.structureVersion, seq: store.changeSeq, rows, index, matched };
    return rows;
  }
}

const sameRow = (a: VisibleRow, b: VisibleRow): boolean =>
  a.key === b.key &&
  a.process === b.process &&
  a.depth === b.depth &&
  a.hasChildren === b.hasChildren &&
  a.expanded === b.expanded &&
  a.context === b.context;

/** Whether the row at `at` still sorts between its neighbours: in a list the rows beside it, in a tree its siblings. */
function inOrder(rows: readonly VisibleRow[], at: number, order: (a: ProcessInfo, b: ProcessInfo) => number, tree: boolean): boolean {
  const row = rows[at]!;
  let before: VisibleRow | undefined;
  let after: VisibleRow | undefined;
  if (!tree) {
    before = rows[at - 1];
    after = rows[at + 1];
  } else {
    for (let i = at - 1; i >= 0; i--) {
      if (rows[i]!.depth < row.depth) break;
      if (rows[i]!.depth === row.depth) {
        before = rows[i];
        break;
      }
    }
    for (let i = at + 1; i < rows.length; i++) {
      if (rows[i]!.depth < row.depth) break;
      if (rows[i]!.depth === row.depth) {
        after = rows[i];
        break;
      }
    }
  }
  return (!before || order(before.process, row.process) <= 0) && (!after || order(row.process, after.process) <= 0);
}
