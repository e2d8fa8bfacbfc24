import { ForkscopeError } from '../../../shared/result';
import type { KillPlan, KillPlanMember, ProcessTarget } from '../../../shared/supervision';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { supervisorPlatform } from './platform';
import { zombieError } from './signal';
import { confirmIdentity, protectionOf, validateTargetPid } from './target';
import { treeOf } from './tree-members';

/**
 * What kill tree of `target` would end, found as killProcess finds it (treeOf: parents, lineage, the session and group
 * the root leads) and refused as it refuses, so the confirmation lists the same processes the kill reaches. Members are
 * in tree order, each indented under its parent (one that left the parent chain goes right under the root).
 */
export function planKill(target: ProcessTarget, lineage: string[]): KillPlan {
  let root: ProcessRow;
  try {
    validateTargetPid(target.pid);
    root = confirmIdentity(target);
    if (root.state === 'zombie') throw zombieError(root, 'killing cannot remove a zombie, killing its parent can');
  } catch (error) {
    if (!(error instanceof ForkscopeError) || (error.kind !== 'refused' && error.kind !== 'zombie-process')) throw error;
    const row = readProcess(target.pid);
    const status = error.kind === 'refused' ? 'refused' : 'zombie';
    const members = row && row.startTime === target.startTime ? [member(row, 0, status, error.message)] : [];
    return { pid: target.pid, refused: error.message, members };
  }
  const found = treeOf(root, lineage);
  const byPid = new Map(found.map((f) => [f.row.pid, f]));
  const children = new Map<number, ProcessRow[]>();
  for (const { row } of found) {
    // A member whose parent is outside the tree (it left the parent chain) hangs right under the root.
    const parent = byPid.has(row.ppid) ? row.ppid : root.pid;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const members: KillPlanMember[] = [];
  const walk = (row: ProcessRow, depth: number): void => {
    const refusal = depth === 0 ? null : refusalOf(row.pid);
    const detail = byPid.get(row.pid)?.detail ?? null;
    if (refusal) members.push(member(row, depth, 'refused', `not signalled: it is ${refusal}`));
    else if (row.state === 'zombie') members.push(member(row, depth, 'zombie', 'already dead (a zombie): only its parent can reap it'));
    else members.push(member(row, depth, 'kill', detail));
    for (const child of (children.get(row.pid) ?? []).sort((a, b) => a.pid - b.pid)) walk(child, depth + 1);
  };
  walk(root, 0);
  return { pid: root.pid, refused: null, members };
}

/** What killProcess refuses among the members, plus kernel threads (which it could not signal anyway). */
function refusalOf(pid: number): string | null {
  if (pid === 1) return 'init (pid 1)';
  if (supervisorPlatform.isKernelThread(pid)) return 'a kernel thread';
  return protectionOf(pid);
}

function member(row: ProcessRow, depth: number, status: KillPlanMember['status'], reason: string | null): KillPlanMember {
  return { pid: row.pid, startTime: row.startTime, name: row.name, cmd: row.cmd, ppid: row.ppid, depth, status, reason };
}
