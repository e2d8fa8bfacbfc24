import type { ChildProcess } from 'node:child_process';
import type { SignalName } from '../../../shared/events';
import { ForkscopeError } from '../../../shared/result';
import { readProcess } from '../sampler';
import { confirmIdentity, validateTargetPid, type ProcessTarget } from './target';

/**
 * Sends one signal and says what happened, never silently: a gone process, a permission
 * refusal naming the owner, or a zombie (which no signal can remove) each get their own error.
 * Forkscope's own children are signalled through their handle, which cannot hit a reused pid.
 */
export function sendSignal(target: ProcessTarget, signal: SignalName, handle?: ChildProcess): void {
  validateTargetPid(target.pid);
  const row = confirmIdentity(target);
  if (row.state === 'zombie') {
    const parent = readProcess(row.ppid);
    throw new ForkscopeError(
      'zombie-process',
      `process ${row.pid} (${row.name}) has already exited, waiting for its parent ${row.ppid}${parent ? ` (${parent.name})` : ''} to reap it; a signal cannot remove a zombie`,
    );
  }
  try {
    if (handle && handle.pid === target.pid && handle.exitCode === null && handle.signalCode === null) {
      if (!handle.kill(signal)) throw Object.assign(new Error('kill failed'), { code: 'ESRCH' });
    } else {
      process.kill(target.pid, signal);
    }
  } catch (error) {
    throw translateKillError(error, row.pid, row.name, row.user);
  }
}

export function translateKillError(error: unknown, pid: number, name: string, owner: string | null): ForkscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ESRCH') return new ForkscopeError('no-such-process', `process ${pid} (${name}) has already exited`);
  if (code === 'EPERM') {
    return new ForkscopeError('access-denied', `permission denied: process ${pid} (${name}) belongs to ${owner ?? 'another user'}; Forkscope may signal only its user's processes`);
  }
  return new ForkscopeError('internal', `could not signal process ${pid} (${name}): ${(error as Error).message}`);
}
