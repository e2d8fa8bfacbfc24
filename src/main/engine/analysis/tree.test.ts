import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcessTable } from '../sampler';
import { buildTree, descendantsOf, type TreeNode } from '../../../shared/analysis/tree';

const started: ChildProcess[] = [];
afterEach(() => {
  // Killing the group takes the sleeps the shell started with it.
  for (const child of started.splice(0))
    if (child.pid)
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
});

function find<T extends { pid: number; ppid: number }>(nodes: TreeNode<T>[], pid: number): TreeNode<T> | undefined {
  for (const node of nodes) {
    if (node.process.pid === pid) return node;
    const deeper = find(node.children, pid);
    if (deeper) return deeper;
  }
  return undefined;
}

describe('buildTree', () => {
  it('places a real shell and its two sleeps under this test process', async () => {
    const shell = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore', detached: true });
    started.push(shell);
    const table = await waitFor('both sleeps', () => {
      const rows = readProcessTable();
      return rows.filter((r) => r.ppid === shell.pid && r.name === 'sleep').length === 2 && rows;
    });
    const roots = buildTree(table);
    const self = find(roots, process.pid)!;
    const shellNode = self.children.find((c) => c.process.pid === shell.pid)!;
    expect(shellNode.children.map((c) => c.process.name)).toEqual(['sleep', 'sleep']);
    // Every process appears exactly once.
    const count = (nodes: TreeNode<{ pid: number; ppid: number }>[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
    expect(count(roots)).toBe(table.length);
    expect(descendantsOf(table, shell.pid!).map((r) => r.name)).toEqual(['sleep', 'sleep']);
  });
});
