import { isReaper } from '../../../shared/analysis/reapers';
import { descendantsOf } from '../../../shared/analysis/tree';
import { processKey } from '../../../shared/model';
import { reaperPidsFromEnv } from '../analysis/reapers';
import { readProcessTable } from '../sampler';
import type { ProcessRow } from '../sampler/types';

/**
 * The tree of `root` now: its descendants by parent, plus what left the parent chain (a
 * double fork re-parents the grandchild to a subreaper or init) but still belongs: born in the
 * tree (lineage), or in the session or process group the root leads and re-parented away (a
 * pipeline's other members share the group but keep the root's own parent: they are not the tree's).
 * Each of those is named.
 */
export function treeOf(root: ProcessRow, lineage: string[]): Array<{ row: ProcessRow; detail?: string }> {
  const table = readProcessTable();
  const found = new Map<number, { row: ProcessRow; detail?: string }>(descendantsOf(table, root.pid).map((row) => [row.pid, { row }]));
  const born = new Set(lineage);
  const leadsSession = root.sid === root.pid;
  const leadsGroup = root.pgid === root.pid;
  const byPid = new Map(table.map((row) => [row.pid, row]));
  const reapers = reaperPidsFromEnv();
  const adopted = (row: ProcessRow): boolean => {
    const parent = byPid.get(row.ppid);
    // A sibling of the root (a pipeline's other member) keeps the root's own parent; an orphan went to a reaper, or elsewhere.
    return row.ppid !== root.ppid || row.ppid <= 1 || row.ppid === process.pid || !parent || isReaper(parent, reapers);
  };
  for (const row of table) {
    if (row.pid === root.pid || found.has(row.pid)) continue;
    const how = born.has(processKey(row))
      ? `born in the tree (pid ${root.pid})`
      : leadsSession && row.sid === root.pid && adopted(row)
        ? `in the session ${root.pid} leads`
        : leadsGroup && row.pgid === root.pid && adopted(row)
          ? `in the process group ${root.pid} leads`
          : null;
    if (how) found.set(row.pid, { row, detail: `left the parent chain (its parent is now ${row.ppid}); found as ${how}` });
  }
  // Descendants of those, by parent, belong too.
  for (let added = true; added;) {
    added = false;
    for (const row of table) {
      if (found.has(row.pid) || row.pid === root.pid || !found.has(row.ppid)) continue;
      found.set(row.pid, { row });
      added = true;
    }
  }
  return [...found.values()];
}
