import { ForkscopeError } from '../../../shared/result';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';

/** A process as Forkscope names it: pid plus the start time that tells a reused pid apart. */
export interface ProcessTarget {
  pid: number;
  startTime: number;
}

/**
 * Refuses pids that would signal something other than one process: 0 and negative numbers
 * address process groups, 1 is init, and Forkscope must never hit itself or its ancestors.
 * A process group needs the separate, explicit `group` option.
 */
export function validateTargetPid(pid: unknown, options: { group?: boolean } = {}): number {
  if (typeof pid !== 'number' || !Number.isFinite(pid) || !Number.isInteger(pid)) {
    throw new ForkscopeError('refused', `refused: ${JSON.stringify(pid) ?? String(pid)} is not a process id (a whole number is needed)`);
  }
  if (Object.is(pid, -0) || pid === 0) throw new ForkscopeError('refused', 'refused: pid 0 would signal the whole process group of the sender');
  if (pid < 0 && !options.group) {
    throw new ForkscopeError('refused', `refused: ${pid} would signal process group ${-pid}; ask for a process group explicitly`);
  }
  const single = Math.abs(pid);
  if (single === 1) throw new ForkscopeError('refused', 'refused: pid 1 is init; signalling it could take the whole system down');
  if (protectedPids().has(single)) {
    throw new ForkscopeError('refused', `refused: ${single} is Forkscope itself or one of its ancestors`);
  }
  return pid;
}

/** Forkscope's own pid and every ancestor up to init: never a kill target. */
export function protectedPids(): Set<number> {
  const pids = new Set<number>([process.pid]);
  let pid = process.ppid;
  for (let depth = 0; pid > 1 && depth < 256 && !pids.has(pid); depth++) {
    pids.add(pid);
    pid = readProcess(pid)?.ppid ?? 0;
  }
  return pids;
}

/**
 * Reads the target again right before acting on it, so a pid that was reused since the person
 * saw it is never hit.
 */
export function confirmIdentity(target: ProcessTarget): ProcessRow {
  const row = readProcess(target.pid);
  if (!row) throw new ForkscopeError('no-such-process', `process ${target.pid} has already exited`);
  if (row.startTime !== target.startTime) {
    throw new ForkscopeError('pid-reused', `process ${target.pid} has exited or its pid was reused; refresh and try again`);
  }
  return row;
}
