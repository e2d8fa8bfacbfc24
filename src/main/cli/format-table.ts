import type { ProcessInfo, Snapshot } from '../../shared/model';
import { formatBytes } from '../../shared/format-bytes';
import { buildTree, type TreeNode } from '../../shared/analysis/tree';
import { INIT_ONLY } from '../../shared/analysis/reapers';
import { findZombies } from '../../shared/analysis/zombies';

function marks(p: ProcessInfo): string {
  const found: string[] = [];
  if (p.zombie) found.push('[zombie]');
  if (p.orphan) found.push(p.formerParent ? `[orphan of ${p.formerParent.pid} ${p.formerParent.name}]` : '[orphan]');
  return found.length ? ` ${found.join(' ')}` : '';
}

/** The process table for people: aligned columns; with `tree`, children indented under parents. */
export function formatSnapshotTable(snapshot: Snapshot, options: { tree: boolean; width?: number }): string {
  const ordered: Array<{ p: ProcessInfo; depth: number }> = [];
  if (options.tree) {
    const walk = (node: TreeNode<ProcessInfo>, depth: number): void => {
      ordered.push({ p: node.process, depth });
      for (const child of node.children) walk(child, depth + 1);
    };
    for (const root of buildTree(snapshot.processes)) walk(root, 0);
  } else {
    for (const p of [...snapshot.processes].sort((a, b) => a.pid - b.pid)) ordered.push({ p, depth: 0 });
  }
  const header = ['PID', 'PPID', 'USER', 'STATE', 'CPU%', 'RSS', 'COMMAND'];
  const rows = ordered.map(({ p, depth }) => [
    String(p.pid),
    String(p.ppid),
    p.user ?? '-',
    p.state,
    p.cpuPercent === null ? '-' : p.cpuPercent.toFixed(1),
    formatBytes(p.rssBytes, { compact: true }),
    `${'  '.repeat(depth)}${depth > 0 ? '└ ' : ''}${p.cmd}${marks(p)}`,
  ]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const rightAligned = new Set([0, 1, 4, 5]);
  const line = (cells: string[]): string => {
    const fixed = cells.slice(0, -1).map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)));
    const text = [...fixed, cells[cells.length - 1]!].join('  ');
    return options.width && text.length > options.width ? `${text.slice(0, options.width - 1)}…` : text;
  };
  const summary = `${snapshot.processes.length} processes, ${snapshot.zombies.length} zombies, ${snapshot.orphans.length} orphans`;
  // What would clear each zombie: the sampler marked the reapers, so a zombie of one is not blamed on a parent that could be killed.
  const remedies = findZombies(snapshot.processes, INIT_ONLY).map((z) => `zombie ${z.pid} (${z.name}): ${z.remedy}`);
  return [line(header), ...rows.map(line), summary, ...remedies].join('\n');
}
