import { ForkscopeError } from '../../../shared/result';
import type { ProcessTarget } from '../../../shared/supervision';
import { linuxProcessUnavailable, setNice } from '../os/linux-process';
import { zombieError } from './signal';
import { confirmIdentity } from './target';

/**
 * renice: the nice value of one process, after the same identity check a signal gets (pid + start time, not a
 * thread, not a zombie). Where the platform's FFI has no setpriority binding it is refused as unsupported.
 */
export function renice(target: ProcessTarget, nice: number): { nice: number } {
  const unavailable = linuxProcessUnavailable();
  if (unavailable) throw new ForkscopeError('unsupported', `renice is not available on this platform (${unavailable})`);
  const row = confirmIdentity(target);
  if (row.state === 'zombie') throw zombieError(row, 'a zombie runs no more, so it has no priority to change');
  const result = setNice(target.pid, nice);
  if (result.ok) return { nice: result.nice };
  const facts = { pid: row.pid, name: row.name, ...(row.user ? { owner: row.user } : {}) };
  if (result.errno === 'ESRCH') throw new ForkscopeError('no-such-process', `process ${row.pid} (${row.name}) has already exited`, facts);
  if (result.errno === 'EACCES' || result.errno === 'EPERM') {
    const mine = row.uid === process.getuid?.();
    throw new ForkscopeError(
      'access-denied',
      mine
        ? `permission denied: lowering the nice value of process ${row.pid} (${row.name}) to ${nice} needs root (CAP_SYS_NICE); raising it works`
        : `permission denied: process ${row.pid} (${row.name}) belongs to ${row.user ?? 'another user'}; only root may change its priority`,
      { ...facts, reason: mine ? 'privilege' : 'other-user' },
    );
  }
  throw new ForkscopeError('internal', `could not renice process ${row.pid} (${row.name}): ${result.reason}`, facts);
}
