import type { ChildProcess } from 'node:child_process';
import type { SignalInfo } from '../../../shared/signals';
import { ForkscopeError } from '../../../shared/result';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { signalExactly } from './exact-signal';
import { supervisorPlatform } from './platform';
import type { ProcessTarget } from '../../../shared/supervision';
import { confirmIdentity, validateTargetPid } from './target';

export interface SignalOptions {
  /** Forkscope's own handle on the target, when it is Forkscope's child. */
  handle?: ChildProcess;
  /**
   * Signal the whole process group the target leads, not just the target. Asked for explicitly
   * because a group reaches processes the person never named.
   */
  group?: boolean;
}

/**
 * Sends one signal and says what happened, never silently: a gone process, a permission
 * refusal naming the owner, or a zombie (which no signal can remove) each get their own error.
 * The signal goes through a pidfd (see exact-signal.ts), so it cannot hit a reused pid.
 * Returns the row of the target as it was just before the signal.
 */
export function sendSignal(target: ProcessTarget, signal: SignalInfo, options: SignalOptions = {}): ProcessRow {
  validateTargetPid(target.pid, { group: options.group });
  const row = confirmIdentity(target);
  if (options.group) return signalGroup(row, signal);
  if (row.state === 'zombie') throw zombieError(row, 'a signal cannot remove a zombie');
  try {
    signalExactly(target, signal.number, options.handle);
  } catch (error) {
    throw translateKillError(error, row.pid, row.name, row.user);
  }
  return row;
}

function signalGroup(leader: ProcessRow, signal: SignalInfo): ProcessRow {
  if (!supervisorPlatform.hasProcessGroups) throw new ForkscopeError('unsupported', 'Windows has no process groups to signal; kill the tree instead');
  if (leader.pgid !== leader.pid) {
    throw new ForkscopeError(
      'refused',
      `refused: process ${leader.pid} (${leader.name}) does not lead a process group (it is in group ${leader.pgid ?? 'unknown'}); name the group's leader`,
    );
  }
  try {
    process.kill(-leader.pid, signal.number);
  } catch (error) {
    throw translateKillError(error, leader.pid, `group of ${leader.name}`, leader.user);
  }
  return leader;
}

export function zombieError(row: ProcessRow, consequence: string): ForkscopeError {
  const parent = readProcess(row.ppid);
  return new ForkscopeError(
    'zombie-process',
    `process ${row.pid} (${row.name}) has already exited, waiting for its parent ${row.ppid}${parent ? ` (${parent.name})` : ''} to reap it; ${consequence}`,
  );
}

/** The boundary where errno becomes a kind: callers never see ESRCH or EPERM. */
export function translateKillError(error: unknown, pid: number, name: string, owner: string | null): ForkscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ESRCH') return new ForkscopeError('no-such-process', `process ${pid} (${name}) has already exited`, { pid, name });
  if (code === 'EPERM') {
    return new ForkscopeError(
      'access-denied',
      `permission denied: process ${pid} (${name}) belongs to ${owner ?? 'another user'}; Forkscope may signal only its user's processes`,
      { pid, name, ...(owner ? { owner } : {}) },
    );
  }
  return new ForkscopeError('internal', `could not signal process ${pid} (${name}): ${(error as Error).message}`);
}
