import { ForkscopeError } from '../../../shared/result';
import type { ProcessTarget } from '../../../shared/supervision';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { supervisorPlatform } from './platform';
import { isIdentityDead } from './identities';

/**
 * Helper processes Forkscope runs for itself (the daemon watchdog, …). Killing one would
 * silently break a guarantee (daemons dying with Forkscope), so they are refused like Forkscope.
 */
const internalPids = new Set<number>();

export function markInternal(pid: number): void {
  internalPids.add(pid);
}

export function unmarkInternal(pid: number): void {
  internalPids.delete(pid);
}

/**
 * Refuses pids that would signal something other than one process: 0 and negative numbers
 * address process groups, 1 is init, and Forkscope must never hit itself, its ancestors or
 * its own helpers. A process group needs the separate, explicit `group` option.
 */
export function validateTargetPid(pid: unknown, options: { group?: boolean } = {}): number {
  if (typeof pid !== 'number' || !Number.isFinite(pid) || !Number.isInteger(pid)) {
    throw new ForkscopeError('refused', `refused: ${JSON.stringify(pid) ?? String(pid)} is not a process id (a whole number is needed)`);
  }
  if (Object.is(pid, -0) || pid === 0) throw new ForkscopeError('refused', 'refused: pid 0 would signal the whole process group of the sender');
  if (pid < 0) {
    throw new ForkscopeError(
      'refused',
      `refused: ${pid} would signal process group ${-pid}; name the group's leader and ask for a process group explicitly`,
    );
  }
  if (pid === 1)
    throw new ForkscopeError('refused', 'refused: pid 1 is init; signalling it could take the whole system down', { pid, reason: 'init' });
  refuseThread(pid);
  if (supervisorPlatform.isKernelThread(pid)) {
    const name = readProcess(pid)?.name;
    throw new ForkscopeError(
      'refused',
      `refused: ${pid}${name ? ` (${name})` : ''} is a kernel thread; the kernel ignores signals sent to it, so there is nothing to signal or kill`,
      { pid, ...(name ? { name } : {}), reason: 'kernel-thread' },
    );
  }
  const protection = protectionFor(pid);
  if (protection) throw new ForkscopeError('refused', `refused: ${pid} is ${protection.why}`, { pid, reason: protection.reason });
  if (options.group) validateGroup(pid);
  return pid;
}

/**
 * A target must be a process: a thread id passes for one in /proc, and a signal sent to it reaches its whole process.
 * Refused naming the process it belongs to (and why that one is protected, if it is).
 */
export function refuseThread(pid: number): void {
  const owner = supervisorPlatform.processOfThread(pid);
  if (owner === null) return;
  const name = readProcess(owner)?.name;
  const why = protectedReason(owner);
  throw new ForkscopeError(
    'refused',
    `refused: ${pid} is a thread of process ${owner}${name ? ` (${name})` : ''}${why ? `, which is ${why}` : ''}, not a process; ` +
      `a signal to it would reach all of process ${owner}${why ? '' : `; name process ${owner} instead`}`,
    // The UI words only the plain case; a thread of a protected process keeps the engine's longer sentence.
    why ? { pid, process: owner } : { pid, process: owner, ...(name ? { name } : {}), reason: 'thread' },
  );
}

/**
 * A group signal reaches every member, so the group must hold none of Forkscope's protected
 * processes; Forkscope's own group (the shell's job, when run from a terminal) always does.
 */
function validateGroup(pgid: number): void {
  const own = readProcess(process.pid)?.pgid;
  if (own === pgid) throw new ForkscopeError('refused', `refused: process group ${pgid} is Forkscope's own group`);
  for (const pid of protectedPids()) {
    if (readProcess(pid)?.pgid === pgid)
      throw new ForkscopeError('refused', `refused: process group ${pgid} contains ${pid}, which is ${protectedReason(pid)}`);
  }
}

/** Why Forkscope must never signal `pid`, as a reason the UI words and as the engine's sentence; null when it may. */
function protectionFor(pid: number): { reason: 'self' | 'helper' | 'ancestor'; why: string } | null {
  if (pid === process.pid) return { reason: 'self', why: 'Forkscope itself' };
  if (internalPids.has(pid)) return { reason: 'helper', why: "one of Forkscope's own helper processes (the daemon watchdog)" };
  if (ancestorPids().has(pid)) return { reason: 'ancestor', why: "one of Forkscope's ancestors" };
  return null;
}

const protectedReason = (pid: number): string | null => protectionFor(pid)?.why ?? null;

function ancestorPids(): Set<number> {
  const pids = new Set<number>();
  let pid = process.ppid;
  for (let depth = 0; pid > 1 && depth < 256 && !pids.has(pid); depth++) {
    pids.add(pid);
    pid = readProcess(pid)?.ppid ?? 0;
  }
  return pids;
}

/** Forkscope's own pid, its helpers and every ancestor up to init: never a kill target. */
export function protectedPids(): Set<number> {
  return new Set<number>([process.pid, ...internalPids, ...ancestorPids()]);
}

/** Names a protected pid for a report, or null when it may be signalled. */
export function protectionOf(pid: number): string | null {
  return protectedReason(pid);
}

/**
 * Reads the target again right before acting on it, so a pid that was reused since the person
 * saw it is never hit.
 */
export function confirmIdentity(target: ProcessTarget): ProcessRow {
  refuseThread(target.pid);
  if (isIdentityDead(target)) {
    const now = readProcess(target.pid);
    if (!now) throw new ForkscopeError('no-such-process', `process ${target.pid} has already exited`, { pid: target.pid });
    // Its exit event came before its parent's wait: still itself, as a zombie (callers say what that means).
    if (now.startTime === target.startTime && now.state === 'zombie') return now;
    // A newcomer can share the pid and, within one clock tick, the start time: only the death we saw tells them apart.
    throw new ForkscopeError(
      'pid-reused',
      `process ${target.pid} has exited (Forkscope saw it end), so pid ${target.pid} belongs to another process now; refresh and try again`,
      { pid: target.pid },
    );
  }
  const row = readProcess(target.pid);
  if (!row) throw new ForkscopeError('no-such-process', `process ${target.pid} has already exited`, { pid: target.pid });
  if (row.startTime !== target.startTime) {
    // Not the current name: after a reuse it belongs to a stranger, not the process the person meant.
    throw new ForkscopeError('pid-reused', `process ${target.pid} has exited or its pid was reused; refresh and try again`, { pid: target.pid });
  }
  return row;
}
