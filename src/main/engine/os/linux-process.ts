import { closeSync, readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type * as Koffi from 'koffi';
import { koffiOrNull, library } from './ffi';

/**
 * Typed bindings for the Linux process calls Node lacks: the child-subreaper flag (prctl),
 * waiting for one exact child (waitid P_PID), and pidfds (pidfd_open, pidfd_send_signal).
 * Every call says why it could not run (no FFI, not Linux, an old kernel) instead of throwing,
 * so callers fall back to what works without them. errno is translated here and nowhere else.
 */

const PR_SET_CHILD_SUBREAPER = 36;
const PR_GET_CHILD_SUBREAPER = 37;
const P_PID = 1;
const WNOHANG = 1;
const WEXITED = 4;
const WNOWAIT = 0x01000000;
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;
/** Since Linux 5.1 every architecture shares the numbers of new system calls. */
const SYS_PIDFD_SEND_SIGNAL = 424;
const SYS_PIDFD_OPEN = 434;
const _SC_CLK_TCK = 2;
const _SC_PAGESIZE = 30;
/** siginfo_t is 128 bytes on every Linux ABI; si_pid at 16, si_status at 24 (x64 and arm64 alike). */
const SIGINFO_BYTES = 128;

export type Unavailable = { ok: false; reason: string; errno?: string };

interface Bindings {
  koffi: typeof Koffi;
  prctl: (option: number, a2: number, a3: number, a4: number, a5: number) => number;
  prctlGet: (option: number, out: number[], a3: number, a4: number, a5: number) => number;
  waitid: (idtype: number, id: number, info: Buffer, options: number) => number;
  /** syscall(SYS_pidfd_open, pid, flags) with a fixed prototype: a variadic koffi call parses its types on every call. */
  pidfdOpen: (number: number, pid: number, flags: number) => number;
  pidfdSignal: (number: number, fd: number, signal: number, info: null, flags: number) => number;
  sysconf: (name: number) => number;
}

let bindings: Bindings | { error: string } | undefined;

function bind(): Bindings | { error: string } {
  if (bindings) return bindings;
  const koffi = koffiOrNull();
  const libc = process.platform === 'linux' ? library('libc.so.6') : null;
  if (!koffi || !libc) {
    bindings = { error: process.platform !== 'linux' ? `${process.platform} is not Linux` : 'the FFI (koffi) or libc.so.6 could not load' };
    return bindings;
  }
  bindings = {
    koffi,
    prctl: libc.func('int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)'),
    prctlGet: libc.func('int prctl(int option, _Out_ int *a2, unsigned long a3, unsigned long a4, unsigned long a5)'),
    waitid: libc.func('int waitid(int idtype, int id, void *infop, int options)'),
    pidfdOpen: libc.func('long syscall(long number, int pid, unsigned int flags)'),
    pidfdSignal: libc.func('long syscall(long number, int fd, int signal, void *info, unsigned int flags)'),
    sysconf: libc.func('long sysconf(int name)'),
  };
  return bindings;
}

function errnoName(koffi: typeof Koffi): string {
  const value = koffi.errno();
  for (const [name, number] of Object.entries(koffi.os.errno)) if (number === value) return name;
  return `errno ${value}`;
}

function fail(b: Bindings, what: string): Unavailable {
  const errno = errnoName(b.koffi);
  return { ok: false, errno, reason: `${what} failed: ${errno}` };
}

/** Why these bindings cannot be used here, or null when they can. */
export function linuxProcessUnavailable(): string | null {
  const b = bind();
  return 'error' in b ? b.error : null;
}

/** Marks this process a child subreaper: orphans of its subtree are re-parented to it, not to init. */
export function setChildSubreaper(): { ok: true } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  return b.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0 ? { ok: true } : fail(b, 'prctl(PR_SET_CHILD_SUBREAPER)');
}

/** Whether this process is a child subreaper (null when that cannot be asked). */
export function isChildSubreaper(): boolean | null {
  const b = bind();
  if ('error' in b) return null;
  const out = [0];
  return b.prctlGet(PR_GET_CHILD_SUBREAPER, out, 0, 0, 0) === 0 ? out[0] !== 0 : null;
}

export type ChildWait =
  { ok: true; state: 'running' } | { ok: true; state: 'exited'; code: number | null; signal: string | null; coreDumped: boolean } | Unavailable;

function signalName(number: number): string {
  for (const [name, value] of Object.entries(constants.signals)) if (value === number) return name;
  return `signal ${number}`;
}

/**
 * waitid(P_PID, pid, WEXITED | WNOHANG) on exactly one child: never waits for any other child,
 * so the exit statuses Node's child_process waits for stay Node's. `peek` adds WNOWAIT: the
 * status is read and the child stays a zombie, for a later call to reap.
 */
export function waitForChild(pid: number, options: { peek?: boolean } = {}): ChildWait {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const info = Buffer.alloc(SIGINFO_BYTES);
  const flags = WEXITED | WNOHANG | (options.peek ? WNOWAIT : 0);
  if (b.waitid(P_PID, pid, info, flags) !== 0) return fail(b, `waitid(P_PID, ${pid})`);
  if (info.readInt32LE(16) === 0) return { ok: true, state: 'running' };
  const code = info.readInt32LE(8);
  const status = info.readInt32LE(24);
  if (code === CLD_EXITED) return { ok: true, state: 'exited', code: status, signal: null, coreDumped: false };
  if (code === CLD_KILLED || code === CLD_DUMPED)
    return { ok: true, state: 'exited', code: null, signal: signalName(status), coreDumped: code === CLD_DUMPED };
  return { ok: true, state: 'running' };
}

/** A file descriptor that names one process for as long as it is open, whatever later takes its pid. */
export function pidfdOpen(pid: number): { ok: true; fd: number } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const fd = Number(b.pidfdOpen(SYS_PIDFD_OPEN, pid, 0));
  return fd >= 0 ? { ok: true, fd } : fail(b, `pidfd_open(${pid})`);
}

/** Sends `signal` to the process the pidfd names; ESRCH means that process has exited. */
export function pidfdSendSignal(fd: number, signal: NodeJS.Signals | number): { ok: true } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const number = typeof signal === 'number' ? signal : constants.signals[signal];
  const result = Number(b.pidfdSignal(SYS_PIDFD_SEND_SIGNAL, fd, number, null, 0));
  return result === 0 ? { ok: true } : fail(b, `pidfd_send_signal(${signal})`);
}

/** The pid a pidfd names now: -1 once that process has been reaped (its pid may already be someone else's). */
export function pidfdPid(fd: number): number | null {
  try {
    const match = /^Pid:\s*(-?\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function closeFd(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** sysconf(_SC_CLK_TCK) and sysconf(_SC_PAGESIZE), or null without the FFI. */
export function systemConstants(): { clockTicks: number; pageSize: number } | null {
  const b = bind();
  if ('error' in b) return null;
  const clockTicks = Number(b.sysconf(_SC_CLK_TCK));
  const pageSize = Number(b.sysconf(_SC_PAGESIZE));
  return clockTicks > 0 && pageSize > 0 ? { clockTicks, pageSize } : null;
}

/** This process's children (every thread's), from /proc/self/task/<tid>/children; null where the kernel lacks that file. */
export function ownChildren(): number[] | null {
  try {
    const pids: number[] = [];
    for (const tid of readdirSync('/proc/self/task')) {
      const text = readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim();
      if (text) for (const part of text.split(/\s+/)) pids.push(Number(part));
    }
    return pids;
  } catch {
    return null;
  }
}

/** How long a process has run, from its start time (clock ticks since boot, as /proc/PID/stat gives it); null when unknown. */
export function runMsSince(startTime: number): number | null {
  const constants = systemConstants();
  try {
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (!constants || !Number.isFinite(uptime)) return null;
    return Math.max(0, Math.round(uptime * 1000 - (startTime * 1000) / constants.clockTicks));
  } catch {
    return null;
  }
}

const PRIO_PROCESS = 0;
let priorityCalls: { set: (which: number, who: number, prio: number) => number; get: (which: number, who: number) => number } | null | undefined;

/**
 * setpriority(PRIO_PROCESS, pid, nice): the nice value of one process (-20…19). EACCES: lowering it needs
 * CAP_SYS_NICE; EPERM: the process is another user's; ESRCH: it is gone.
 */
export function setNice(pid: number, nice: number): { ok: true; nice: number } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  priorityCalls ??= (() => {
    const libc = library('libc.so.6');
    return libc
      ? { set: libc.func('int setpriority(int which, uint32_t who, int prio)'), get: libc.func('int getpriority(int which, uint32_t who)') }
      : null;
  })();
  if (!priorityCalls) return { ok: false, reason: 'libc.so.6 could not load' };
  if (priorityCalls.set(PRIO_PROCESS, pid, nice) !== 0) return fail(b, `setpriority(PRIO_PROCESS, ${pid}, ${nice})`);
  return { ok: true, nice: priorityCalls.get(PRIO_PROCESS, pid) };
}
