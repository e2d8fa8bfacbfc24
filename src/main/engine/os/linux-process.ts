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
  kill: (pid: number, signal: number) => number;
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
    kill: libc.func('int kill(int pid, int sig)'),
  };
  return bindings;
}

let errnoNames: Map<number, string> | undefined;

/** The name of the last errno (ESRCH…): a pidfd for a process gone before its fork notice is read is common in a storm. */
function errnoName(koffi: typeof Koffi): string {
  const value = koffi.errno();
  if (!errnoNames) {
    // koffi.os.errno builds its table on each read: once, reversed.
    errnoNames = new Map();
    for (const [name, number] of Object.entries(koffi.os.errno)) if (!errnoNames.has(number)) errnoNames.set(number, name);
  }
  return errnoNames.get(value) ?? `errno ${value}`;
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

const ESRCH = 3;

/**
 * Whether some process holds `pid` (a zombie does), by kill(pid, 0): one cheap syscall that reads no /proc file, and
 * no exception for a pid that is free. false is certain (nothing has the pid); true may be a newcomer that took it.
 * null where it cannot be asked (no FFI).
 */
export function pidInUse(pid: number): boolean | null {
  const b = bind();
  if ('error' in b) return null;
  return b.kill(pid, 0) === 0 || b.koffi.errno() !== ESRCH;
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

/** ioprio_set/ioprio_get have no libc wrapper; their numbers differ by architecture (arm64 uses the generic table). */
const IOPRIO_SYSCALLS: Partial<Record<string, { set: number; get: number }>> = { x64: { set: 251, get: 252 }, arm64: { set: 30, get: 31 } };
const IOPRIO_WHO_PROCESS = 1;
const IOPRIO_CLASS_SHIFT = 13;
/** The kernel's numbering of I/O classes (IOPRIO_CLASS_NONE, _RT, _BE, _IDLE). */
const IO_CLASS_NUMBERS = ['none', 'realtime', 'best-effort', 'idle'] as const;
export type IoClassName = (typeof IO_CLASS_NUMBERS)[number];
/** cpu_set_t of glibc: 1,024 bits. */
const CPU_SET_BYTES = 128;

interface SchedulingCalls {
  ioprio: { set: number; get: number } | null;
  ioprioSet: (number: number, which: number, who: number, ioprio: number) => number;
  ioprioGet: (number: number, which: number, who: number) => number;
  setAffinity: (pid: number, size: number, mask: Buffer) => number;
  getAffinity: (pid: number, size: number, mask: Buffer) => number;
}
let schedulingCalls: SchedulingCalls | null | undefined;

function scheduling(): SchedulingCalls | null {
  if (schedulingCalls !== undefined) return schedulingCalls;
  const libc = library('libc.so.6');
  schedulingCalls = libc
    ? {
        ioprio: IOPRIO_SYSCALLS[process.arch] ?? null,
        ioprioSet: libc.func('long syscall(long number, int which, int who, int ioprio)'),
        ioprioGet: libc.func('long syscall(long number, int which, int who)'),
        setAffinity: libc.func('int sched_setaffinity(int pid, size_t size, const void *mask)'),
        getAffinity: libc.func('int sched_getaffinity(int pid, size_t size, _Out_ void *mask)'),
      }
    : null;
  return schedulingCalls;
}

/** A thread's I/O priority (ioprio_get, IOPRIO_WHO_PROCESS): its class and level as ionice -p prints them (idle has none). */
export function getIoPriority(tid: number): { ok: true; class: IoClassName; level: number | null } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const calls = scheduling();
  if (!calls?.ioprio)
    return { ok: false, reason: calls ? `ioprio_get has no known system call number on ${process.arch}` : 'libc.so.6 could not load' };
  const value = Number(calls.ioprioGet(calls.ioprio.get, IOPRIO_WHO_PROCESS, tid));
  if (value < 0) return fail(b, `ioprio_get(IOPRIO_WHO_PROCESS, ${tid})`);
  const name = IO_CLASS_NUMBERS[value >> IOPRIO_CLASS_SHIFT];
  if (!name) return { ok: false, reason: `unknown I/O class ${value >> IOPRIO_CLASS_SHIFT}` };
  return { ok: true, class: name, level: name === 'idle' ? null : value & ((1 << IOPRIO_CLASS_SHIFT) - 1) };
}

/**
 * ioprio_set(IOPRIO_WHO_PROCESS, tid, class << 13 | level): one thread's I/O priority. EPERM: the realtime class needs
 * CAP_SYS_NICE (or CAP_SYS_ADMIN), and another user's thread needs CAP_SYS_NICE; ESRCH: it is gone.
 */
export function setIoPriority(tid: number, ioClass: IoClassName, level: number): { ok: true } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const calls = scheduling();
  if (!calls?.ioprio)
    return { ok: false, reason: calls ? `ioprio_set has no known system call number on ${process.arch}` : 'libc.so.6 could not load' };
  const value = (IO_CLASS_NUMBERS.indexOf(ioClass) << IOPRIO_CLASS_SHIFT) | level;
  return Number(calls.ioprioSet(calls.ioprio.set, IOPRIO_WHO_PROCESS, tid, value)) === 0
    ? { ok: true }
    : fail(b, `ioprio_set(IOPRIO_WHO_PROCESS, ${tid}, ${ioClass} ${level})`);
}

/** The CPUs a thread may run on (sched_getaffinity), ascending. */
export function getAffinity(tid: number): { ok: true; cpus: number[] } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const calls = scheduling();
  if (!calls) return { ok: false, reason: 'libc.so.6 could not load' };
  const mask = Buffer.alloc(CPU_SET_BYTES);
  if (calls.getAffinity(tid, CPU_SET_BYTES, mask) !== 0) return fail(b, `sched_getaffinity(${tid})`);
  const cpus: number[] = [];
  for (let cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) if (mask[cpu >> 3]! & (1 << (cpu & 7))) cpus.push(cpu);
  return { ok: true, cpus };
}

/**
 * sched_setaffinity: the CPUs one thread may run on. EPERM: another user's thread needs CAP_SYS_NICE; EINVAL: none of
 * the CPUs is online or allowed by the thread's cpuset; ESRCH: it is gone.
 */
export function setAffinity(tid: number, cpus: readonly number[]): { ok: true } | Unavailable {
  const b = bind();
  if ('error' in b) return { ok: false, reason: b.error };
  const calls = scheduling();
  if (!calls) return { ok: false, reason: 'libc.so.6 could not load' };
  const mask = Buffer.alloc(CPU_SET_BYTES);
  for (const cpu of cpus) mask[cpu >> 3]! |= 1 << (cpu & 7);
  return calls.setAffinity(tid, CPU_SET_BYTES, mask) === 0 ? { ok: true } : fail(b, `sched_setaffinity(${tid}, ${cpus.join(',')})`);
}

/** The CPUs online now (/sys/devices/system/cpu/online, "0-3"), or null where that file is missing. */
export function onlineCpus(): number[] | null {
  try {
    const cpus: number[] = [];
    for (const part of readFileSync('/sys/devices/system/cpu/online', 'utf8').trim().split(',')) {
      const [from, to = from] = part.split('-').map(Number);
      for (let cpu = from!; cpu <= to!; cpu++) cpus.push(cpu);
    }
    return cpus;
  } catch {
    return null;
  }
}

/** The thread ids of a process (/proc/PID/task), the process's own first; empty once it is gone. */
export function threadsOf(pid: number): number[] {
  try {
    return [
      pid,
      ...readdirSync(`/proc/${pid}/task`)
        .map(Number)
        .filter((tid) => tid !== pid),
    ];
  } catch {
    return [];
  }
}
