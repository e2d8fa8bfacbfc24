import type { ChildProcess } from 'node:child_process';
import { closeFd, pidfdOpen, pidfdSendSignal } from '../os/linux-process';
import { readProcess } from '../sampler';
import { heldPidfd, isIdentityDead } from './identities';

type Target = { pid: number; startTime: number };

/** An error shaped like process.kill's, so translateKillError names it for a person. */
function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Sends one signal to exactly this process (pid + start time), or throws an errno-shaped error
 * (ESRCH: it is gone; EPERM: not ours to signal). The order is what makes it exact:
 * 1. an identity Forkscope saw die is refused, even if a newcomer took its pid (and its start time, within one tick);
 * 2. a pidfd held from the first sighting is used as is: it names the process, whatever has its pid now;
 * 3. else a pidfd is opened first, then the start time checked, then the signal sent through the pidfd,
 *    so the check and the signal concern the same process;
 * 4. where pidfds are missing (not Linux, kernel < 5.3, no FFI), today's check: start time, then kill(pid)
 *    (through Node's handle for Forkscope's own children, which cannot hit a reaped pid).
 */
export function signalExactly(target: Target, signal: NodeJS.Signals | number, handle?: ChildProcess): void {
  if (isIdentityDead(target)) throw errno('ESRCH', `process ${target.pid} has exited; its pid may belong to another process now`);
  const held = heldPidfd(target);
  if (held !== undefined) return send(held, signal);
  const opened = pidfdOpen(target.pid);
  if (opened.ok) {
    try {
      const row = readProcess(target.pid);
      if (!row || row.startTime !== target.startTime) throw errno('ESRCH', `process ${target.pid} has exited or its pid was reused`);
      return send(opened.fd, signal);
    } finally {
      closeFd(opened.fd);
    }
  }
  if (opened.errno === 'ESRCH') throw errno('ESRCH', `process ${target.pid} has exited`);
  const row = readProcess(target.pid);
  if (!row || row.startTime !== target.startTime) throw errno('ESRCH', `process ${target.pid} has exited or its pid was reused`);
  if (handle && handle.pid === target.pid && handle.exitCode === null && handle.signalCode === null) {
    // false means the child is gone (ESRCH); Node reports other failures as an 'error' event.
    if (!handle.kill(signal)) throw errno('ESRCH', `process ${target.pid} has exited`);
    return;
  }
  process.kill(target.pid, signal);
}

function send(fd: number, signal: NodeJS.Signals | number): void {
  const sent = pidfdSendSignal(fd, signal);
  if (sent.ok) return;
  throw errno(sent.errno === 'EPERM' ? 'EPERM' : sent.errno === 'ESRCH' ? 'ESRCH' : (sent.errno ?? 'EIO'), sent.reason);
}

/** Whether pidfds work here (for the platform notes and the tests' printed reasons). */
export function pidfdSupport(): { ok: true } | { ok: false; reason: string } {
  const opened = pidfdOpen(process.pid);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  closeFd(opened.fd);
  return { ok: true };
}
