/** The least a process needs to have a place in a tree. */
export interface TreeMember {
  pid: number;
  ppid: number;
}

export interface TreeNode<T extends TreeMember> {
  process: T;
  children: TreeNode<T>[];
}

/** A process's parent in the table, or undefined (missing, or the process is its own parent, as pid 0 is). */
function parentIn<T extends TreeMember>(byPid: ReadonlyMap<number, T>, p: T): T | undefined {
  return p.ppid !== p.pid ? byPid.get(p.ppid) : undefined;
}

/**
 * Children linked to parents, in table order: the roots are the processes whose parent is not in
 * the table (bottom's rule). Every tree Forkscope shows is built from this one linking.
 */
export function linkTree<T extends TreeMember>(processes: readonly T[]): { roots: T[]; children: Map<number, T[]>; byPid: Map<number, T> } {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const children = new Map<number, T[]>();
  const roots: T[] = [];
  for (const p of processes) {
    const parent = parentIn(byPid, p);
    if (!parent) {
      roots.push(p);
      continue;
    }
    let list = children.get(parent.pid);
    if (!list) children.set(parent.pid, (list = []));
    list.push(p);
  }
  return { roots, children, byPid };
}

/** The tree as nodes, roots and siblings sorted by pid (the CLI's `--tree`). */
export function buildTree<T extends TreeMember>(processes: readonly T[]): TreeNode<T>[] {
  const { roots, children } = linkTree(processes);
  const byPid = (a: T, b: T): number => a.pid - b.pid;
  const node = (process: T): TreeNode<T> => ({ process, children: [...(children.get(process.pid) ?? [])].sort(byPid).map(node) });
  return [...roots].sort(byPid).map(node);
}

/** Every descendant of `pid` in the table, nearest first. */
export function descendantsOf<T extends TreeMember>(processes: readonly T[], pid: number): T[] {
  const children = new Map<number, T[]>();
  for (const p of processes) {
    if (p.pid === p.ppid) continue;
    let list = children.get(p.ppid);
    if (!list) children.set(p.ppid, (list = []));
    list.push(p);
  }
  const result: T[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    result.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return result;
}

/** The pids of these roots and of everything below them. */
export function subtreePids(processes: readonly TreeMember[], roots: Iterable<number>): Set<number> {
  const pids = new Set(roots);
  const queue = [...pids];
  const children = new Map<number, number[]>();
  for (const p of processes) {
    let list = children.get(p.ppid);
    if (!list) children.set(p.ppid, (list = []));
    list.push(p.pid);
  }
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (pids.has(child)) continue;
      pids.add(child);
      queue.push(child);
    }
  }
  return pids;
}

/** Longest chain of parents followed: deeper than any real tree, short enough that a table with a cycle cannot hang a view. */
export const MAX_ANCESTRY = 32;

/** The parents of `p`, nearest first, as far as the table knows them (at most MAX_ANCESTRY). */
export function ancestorsOf<T extends TreeMember>(p: T, byPid: (pid: number) => T | undefined): T[] {
  const chain: T[] = [];
  for (let q = p.ppid !== p.pid ? byPid(p.ppid) : undefined; q && chain.length < MAX_ANCESTRY; q = q.ppid !== q.pid ? byPid(q.ppid) : undefined)
    chain.push(q);
  return chain;
}

/** The pids of these processes and of all their ancestors: what a filtered tree shows so it keeps its shape. */
export function withAncestors<T extends TreeMember>(matches: Iterable<T>, byPid: ReadonlyMap<number, T>): Set<number> {
  const shown = new Set<number>();
  for (const p of matches) for (let q: T | undefined = p; q && !shown.has(q.pid); q = parentIn(byPid, q)) shown.add(q.pid);
  return shown;
}
