export interface TreeNode<T extends { pid: number; ppid: number }> {
  process: T;
  children: TreeNode<T>[];
}

/** Links children to parents; roots are the processes whose parent is not in the table. */
export function buildTree<T extends { pid: number; ppid: number }>(processes: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>();
  for (const process of processes) nodes.set(process.pid, { process, children: [] });
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.process.ppid !== node.process.pid ? nodes.get(node.process.ppid) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byPid = (a: TreeNode<T>, b: TreeNode<T>): number => a.process.pid - b.process.pid;
  for (const node of nodes.values()) node.children.sort(byPid);
  return roots.sort(byPid);
}

/** Every descendant of `pid` in the table, nearest first. */
export function descendantsOf<T extends { pid: number; ppid: number }>(processes: readonly T[], pid: number): T[] {
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
