import { linkTree, withAncestors } from '../../../shared/analysis/tree';
import { processKey, type ProcessInfo } from '../../../shared/model';
import type { ProcessPredicate } from './filter';

import type { SortKey } from '../../../shared/settings';
import { numericSortValue } from './sort-values';

export type { SortKey };
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export interface VisibleRow {
  key: string;
  /**
   * The process as the rows were last read: IncrementalRows sets it to the newest object in place on a tick that changed
   * only metrics, so the rows of a large table are not copied for a few changed values.
   */
  process: ProcessInfo;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Shown only as the ancestor of a match, so the tree keeps its shape. */
  context: boolean;
}

export interface RowOptions {
  tree: boolean;
  sort: SortOrder;
  predicate: ProcessPredicate;
  /** Keys of collapsed processes (everything starts expanded, as in htop). */
  collapsed: ReadonlySet<string>;
  /** Only these keys (and, in a tree, their ancestors), e.g. "only what Forkscope started". */
  only?: ReadonlySet<string> | null;
  modeOf?: (key: string) => string | undefined;
}

/** The views' name for processKey (shared/model.ts), the one way a key is made. */
export const keyOf = processKey;

function compare(a: ProcessInfo, b: ProcessInfo, key: SortKey): number {
  switch (key) {
    case 'pid':
      return a.pid - b.pid;
    case 'name':
      return a.name.localeCompare(b.name) || a.pid - b.pid;
    case 'state':
      return a.state.localeCompare(b.state) || a.pid - b.pid;
    case 'cpu':
      return (a.cpuPercent ?? -1) - (b.cpuPercent ?? -1) || a.pid - b.pid;
    case 'memory':
      return (a.rssBytes ?? -1) - (b.rssBytes ?? -1) || a.pid - b.pid;
    case 'user':
      return (a.user ?? '').localeCompare(b.user ?? '') || a.pid - b.pid;
    case 'started':
      return a.startedAt - b.startedAt || a.pid - b.pid;
    case 'command':
      return a.cmd.localeCompare(b.cmd) || a.pid - b.pid;
    case 'state-letter':
      return (a.stateLetter ?? '').localeCompare(b.stateLetter ?? '') || a.pid - b.pid;
    default:
      return numericSortValue(a, key) - numericSortValue(b, key) || a.pid - b.pid;
  }
}

/** The order rows are shown in (siblings, in a tree). */
export function rowOrder(sort: SortOrder): (a: ProcessInfo, b: ProcessInfo) => number {
  return (a, b) => (sort.descending ? -1 : 1) * compare(a, b, sort.key);
}

/** Whether a process is one the options ask for (in a tree its ancestors show too, as context). */
export function rowMatcher(options: RowOptions): (p: ProcessInfo, key: string) => boolean {
  return (p, key) => {
    if (options.only && !options.only.has(key)) return false;
    return options.predicate(p, { mode: options.modeOf?.(key) });
  };
}

/** The rows to draw: a flat sorted list, or the tree with siblings sorted, filtered but keeping ancestors. */
export function buildRows(processes: readonly ProcessInfo[], options: RowOptions): VisibleRow[] {
  return buildRowsReporting(processes, options).rows;
}

/** buildRows, also telling which keys matched (the rest of a tree's rows are context), for a view that patches them later. */
export function buildRowsReporting(processes: readonly ProcessInfo[], options: RowOptions): { rows: VisibleRow[]; matched: Set<string> } {
  const order = rowOrder(options.sort);
  const matches = rowMatcher(options);
  const keys = new Map<ProcessInfo, string>();
  for (const p of processes) keys.set(p, keyOf(p));
  const matching = processes.filter((p) => matches(p, keys.get(p)!));
  const matched = new Set(matching.map((p) => keys.get(p)!));
  if (!options.tree) {
    const rows = matching
      .sort(order)
      .map((process) => ({ key: keys.get(process)!, process, depth: 0, hasChildren: false, expanded: false, context: false }));
    return { rows, matched };
  }

  const { roots, children, byPid } = linkTree(processes);
  // Which processes to show: the matches and every ancestor of a match.
  const isMatch = new Set(matching.map((p) => p.pid));
  const shown = withAncestors(matching, byPid);
  const rows: VisibleRow[] = [];
  const walk = (p: ProcessInfo, depth: number): void => {
    if (!shown.has(p.pid)) return;
    const key = keys.get(p)!;
    const kids = (children.get(p.pid) ?? []).filter((c) => shown.has(c.pid));
    const expanded = !options.collapsed.has(key);
    rows.push({ key, process: p, depth, hasChildren: kids.length > 0, expanded, context: !isMatch.has(p.pid) });
    if (expanded) for (const child of kids.sort(order)) walk(child, depth + 1);
  };
  for (const root of roots.sort(order)) walk(root, 0);
  return { rows, matched };
}

/** Every key that has children, for "collapse all". */
export function parentKeys(processes: readonly ProcessInfo[]): Set<string> {
  const parents = new Set(processes.map((p) => p.ppid));
  return new Set(processes.filter((p) => parents.has(p.pid)).map(keyOf));
}
