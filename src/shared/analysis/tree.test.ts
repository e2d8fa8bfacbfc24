import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildTree, linkTree, subtreePids, withAncestors } from './tree';

describe('buildTree', () => {
  it('roots are the processes whose parent is missing; children sorted by pid; a self-parent is a root', () => {
    const roots = buildTree([
      { pid: 30, ppid: 10 },
      { pid: 10, ppid: 1 },
      { pid: 20, ppid: 10 },
      { pid: 50, ppid: 999 },
      { pid: 0, ppid: 0 },
    ]);
    expect(roots.map((r) => r.process.pid)).toEqual([0, 10, 50]);
    expect(roots[1]!.children.map((c) => c.process.pid)).toEqual([20, 30]);
    expect(roots[0]!.children).toEqual([]);
  });
});

describe('ancestry', () => {
  const table = [
    { pid: 1, ppid: 0 },
    { pid: 10, ppid: 1 },
    { pid: 11, ppid: 10 },
    { pid: 12, ppid: 11 },
    { pid: 20, ppid: 1 },
    { pid: 30, ppid: 999 },
  ];
  const { byPid } = linkTree(table);

  it('names the parents nearest first, as far as the table knows them', () => {
    expect(ancestorsOf(byPid.get(12)!, (pid) => byPid.get(pid)).map((p) => p.pid)).toEqual([11, 10, 1]);
    expect(ancestorsOf(byPid.get(30)!, (pid) => byPid.get(pid))).toEqual([]);
  });

  it('stops after 32 parents, so a cycle in a table cannot hang a view', () => {
    const cycle = new Map([
      [5, { pid: 5, ppid: 6 }],
      [6, { pid: 6, ppid: 5 }],
    ]);
    expect(ancestorsOf(cycle.get(5)!, (pid) => cycle.get(pid))).toHaveLength(32);
  });

  it('a subtree is its roots and everything below; a filtered tree keeps the ancestors of its matches', () => {
    expect([...subtreePids(table, [10])].sort((a, b) => a - b)).toEqual([10, 11, 12]);
    expect([...withAncestors([byPid.get(12)!, byPid.get(20)!], byPid)].sort((a, b) => a - b)).toEqual([1, 10, 11, 12, 20]);
  });
});
