import { linkTree, withAncestors } from '../../../shared/analysis/tree';
import { processKey, type ProcessInfo } from '../../../shared/model';
import type { ProcessPredicate } from './filter';

export type SortKey = 'pid' | 'name' | 'state' | 'cpu' | 'memory' | 'user' | 'started' | 'command';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export interface VisibleRow {
  key: string;
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
  }
}

/** The rows to draw: a flat sorted list, or the tree with siblings sorted, filtered but keeping ancestors. */
export function buildRows(processes: readonly ProcessInfo[], options: RowOptions): VisibleRow[] {
  const order = (a: ProcessInfo, b: ProcessInfo): number => (options.sort.descending ? -1 : 1) * compare(a, b, options.sort.key);
  const matches = (p: ProcessInfo): boolean => {
    const key = keyOf(p);
    if (options.only && !options.only.has(key)) return false;
    return options.predicate(p, { mode: options.modeOf?.(key) });
  };
  if (!options.tree) {
    return processes
      .filter(matches)
      .sort(order)
      .map((process) => ({ key: keyOf(process), process, depth: 0, hasChildren: false, expanded: false, context: false }));
  }

  const { roots, children, byPid } = linkTree(processes);
  // Which processes to show: the matches and every ancestor of a match.
  const matching = processes.filter(matches);
  const isMatch = new Set(matching.map((p) => p.pid));
  const shown = withAncestors(matching, byPid);
  const rows: VisibleRow[] = [];
  const walk = (p: ProcessInfo, depth: number): void => {
    if (!shown.has(p.pid)) return;
    const key = keyOf(p);
    const kids = (children.get(p.pid) ?? []).filter((c) => shown.has(c.pid));
    const expanded = !options.collapsed.has(key);
    rows.push({ key, process: p, depth, hasChildren: kids.length > 0, expanded, context: !isMatch.has(p.pid) });
    if (expanded) for (const child of kids.sort(order)) walk(child, depth + 1);
  };
  for (const root of roots.sort(order)) walk(root, 0);
  return rows;
}

/** Every key that has children, for "collapse all". */
export function parentKeys(processes: readonly ProcessInfo[]): Set<string> {
  const parents = new Set(processes.map((p) => p.ppid));
  return new Set(processes.filter((p) => parents.has(p.pid)).map(keyOf));
}
