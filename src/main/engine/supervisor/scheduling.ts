import { formatCpuList, IO_LEVEL_DEFAULT, type IoClass, type IoPriority } from '../../../shared/scheduling';
import { ForkscopeError, type FailureFacts } from '../../../shared/result';
import type { ProcessTarget } from '../../../shared/supervision';
import {
  getAffinity,
  getIoPriority,
  linuxProcessUnavailable,
  onlineCpus,
  setAffinity,
  setIoPriority,
  threadsOf,
  type Unavailable,
} from '../os/linux-process';
import type { ProcessRow } from '../sampler/types';
import { zombieError } from './signal';
import { confirmIdentity } from './target';

/**
 * ionice and taskset for one process: the same identity check renice and a signal get (pid + start time, not a
 * thread, not a zombie), then the call on each of its threads, as `taskset -a` does (a thread's I/O priority and
 * affinity are its own; threads started later inherit the main thread's). Only Linux has these calls.
 */
function checked(target: ProcessTarget, what: string): ProcessRow {
  const unavailable = linuxProcessUnavailable();
  if (unavailable)
    throw new ForkscopeError('unsupported', `${what} is not supported on this platform (${unavailable}); Forkscope sets it only on Linux`);
  const row = confirmIdentity(target);
  if (row.state === 'zombie') throw zombieError(row, `a zombie runs no more, so it has no ${what} to change`);
  return row;
}

/** Applies `set` to every thread; a thread that ended meanwhile is skipped, the process's own failure is the answer. */
function eachThread(row: ProcessRow, set: (tid: number) => { ok: true } | Unavailable): { ok: true } | Unavailable {
  const threads = threadsOf(row.pid);
  if (threads.length === 0) return { ok: false, errno: 'ESRCH', reason: `process ${row.pid} is gone` };
  for (const tid of threads) {
    const result = set(tid);
    if (!result.ok && (tid === row.pid || result.errno !== 'ESRCH')) return result;
  }
  return { ok: true };
}

function refusal(row: ProcessRow, what: string, result: Unavailable, needsPrivilege: string): ForkscopeError {
  const facts: FailureFacts = { pid: row.pid, name: row.name, ...(row.user ? { owner: row.user } : {}) };
  if (result.errno === 'ESRCH') return new ForkscopeError('no-such-process', `process ${row.pid} (${row.name}) has already exited`, facts);
  if (result.errno === 'EPERM' || result.errno === 'EACCES') {
    const mine = row.uid === process.getuid?.();
    return mine
      ? new ForkscopeError('access-denied', `permission denied: ${needsPrivilege}`, { ...facts, reason: 'privilege' })
      : new ForkscopeError(
          'access-denied',
          `permission denied: process ${row.pid} (${row.name}) belongs to ${row.user ?? 'another user'}; changing another user's ${what} needs root (CAP_SYS_NICE)`,
          { ...facts, reason: 'other-user' },
        );
  }
  return new ForkscopeError('internal', `could not change the ${what} of process ${row.pid} (${row.name}): ${result.reason}`, facts);
}

/** The I/O priority of a process's main thread as the kernel reports it (ionice -p), or null where it cannot be read. */
export function readIoPriority(pid: number): IoPriority | null {
  const read = getIoPriority(pid);
  return read.ok ? { class: read.class, level: read.level } : null;
}

/** ionice: sets the I/O class (and level, 0–7, for best-effort and realtime) and answers with what the kernel now reports. */
export function ionice(target: ProcessTarget, ioClass: IoClass, level?: number): IoPriority {
  const row = checked(target, 'I/O priority');
  const wanted = ioClass === 'best-effort' || ioClass === 'realtime' ? (level ?? IO_LEVEL_DEFAULT) : 0;
  const result = eachThread(row, (tid) => setIoPriority(tid, ioClass, wanted));
  if (!result.ok) {
    const privilege =
      ioClass === 'realtime'
        ? `the realtime I/O class for process ${row.pid} (${row.name}) needs root (CAP_SYS_NICE or CAP_SYS_ADMIN); best-effort and idle need no privilege`
        : `process ${row.pid} (${row.name}) may not be given the ${ioClass} I/O class by this user (CAP_SYS_NICE is needed)`;
    throw refusal(row, 'I/O priority', result, privilege);
  }
  const now = readIoPriority(row.pid);
  if (!now) throw new ForkscopeError('no-such-process', `process ${row.pid} (${row.name}) has already exited`, { pid: row.pid, name: row.name });
  return now;
}

/** taskset: the CPUs a process may run on; CPUs this machine does not have are refused before any call. */
export function setCpuAffinity(target: ProcessTarget, cpus: readonly number[]): { cpus: number[] } {
  const row = checked(target, 'CPU affinity');
  const online = onlineCpus();
  const missing = online ? cpus.filter((cpu) => !online.includes(cpu)) : [];
  if (online && missing.length > 0) {
    throw new ForkscopeError(
      'invalid-request',
      `CPU ${formatCpuList(missing)} ${missing.length > 1 ? 'are' : 'is'} not present: this machine has CPU ${formatCpuList(online)} online`,
      { pid: row.pid, name: row.name, reason: 'no-such-cpu', value: missing[0]! },
    );
  }
  const result = eachThread(row, (tid) => setAffinity(tid, cpus));
  if (!result.ok && result.errno === 'EINVAL') {
    throw new ForkscopeError(
      'invalid-request',
      `none of CPU ${formatCpuList(cpus)} may be used by process ${row.pid} (${row.name}): its cpuset (/proc/${row.pid}/cpuset) does not allow them`,
      { pid: row.pid, name: row.name },
    );
  }
  if (!result.ok)
    throw refusal(
      row,
      'CPU affinity',
      result,
      `process ${row.pid} (${row.name}) may not be moved to CPU ${formatCpuList(cpus)} by this user (CAP_SYS_NICE is needed)`,
    );
  const now = getAffinity(row.pid);
  if (!now.ok) throw refusal(row, 'CPU affinity', now, now.reason);
  return { cpus: now.cpus };
}
