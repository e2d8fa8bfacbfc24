/**
 * Byte layouts of the macOS structures Forkscope reads, for 64-bit processes (x86_64 and arm64 share them: LP64,
 * natural alignment). Offsets are from the SDK headers (sys/sysctl.h, sys/proc.h, sys/proc_info.h) — cgo's
 * -godefs output for darwin/arm64 lays them out the same. Pure: tests feed these parsers buffers built from the offsets.
 */

/**
 * struct kinfo_proc (648 bytes) = struct extern_proc kp_proc (296) + struct eproc kp_eproc (352).
 * extern_proc: p_un.__p_starttime (struct timeval: tv_sec int64 at 0, tv_usec int32 at 8), p_flag int at 32,
 * p_stat char at 36, p_pid at 40, p_nice (signed char) at 242, p_comm char[17] at 243.
 * eproc at 296: e_pcred (struct _pcred, 104) at +16 → p_ruid at +88; e_ucred (struct _ucred) at +120 → cr_uid at +124;
 * e_vm (struct vmspace, 64) at +200; e_ppid at +264, e_pgid at +268, e_tdev at +276.
 */
export const KINFO_PROC = {
  size: 648,
  startSec: 0,
  startUsec: 8,
  flag: 32,
  stat: 36,
  pid: 40,
  nice: 242,
  comm: 243,
  commBytes: 17,
  ruid: 296 + 88,
  uid: 296 + 124,
  ppid: 296 + 264,
  pgid: 296 + 268,
} as const;

/** p_stat values (sys/proc.h). */
export const P_STAT = { SIDL: 1, SRUN: 2, SSLEEP: 3, SSTOP: 4, SZOMB: 5 } as const;

/** struct proc_taskinfo (sys/proc_info.h, 96 bytes): sizes in bytes, times in Mach absolute-time ticks, pti_priority last. */
export const PROC_TASKINFO = { size: 96, virtualSize: 0, residentSize: 8, totalUser: 16, totalSystem: 24, threadnum: 84, priority: 92 } as const;

export interface KinfoProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  /** p_stat, one of P_STAT. */
  stat: number;
  /** p_nice, -20…20. */
  nice: number;
  /** p_comm: the first 16 bytes of the executable's name. */
  comm: string;
  /** Start time as epoch microseconds (timeval). */
  startUs: number;
}

/** The kinfo_proc array sysctl(KERN_PROC_ALL) wrote into the first `length` bytes; a length that is not whole records is an error. */
export function parseKinfoProcs(buffer: Buffer, length: number): { ok: true; entries: KinfoProcEntry[] } | { ok: false; message: string } {
  if (length % KINFO_PROC.size !== 0) {
    return { ok: false, message: `sysctl(KERN_PROC_ALL) returned ${length} bytes, not a whole number of ${KINFO_PROC.size}-byte kinfo_proc records` };
  }
  const entries: KinfoProcEntry[] = [];
  for (let offset = 0; offset < length; offset += KINFO_PROC.size) {
    const comm = buffer.subarray(offset + KINFO_PROC.comm, offset + KINFO_PROC.comm + KINFO_PROC.commBytes);
    const end = comm.indexOf(0);
    entries.push({
      pid: buffer.readInt32LE(offset + KINFO_PROC.pid),
      ppid: buffer.readInt32LE(offset + KINFO_PROC.ppid),
      pgid: buffer.readInt32LE(offset + KINFO_PROC.pgid),
      uid: buffer.readUInt32LE(offset + KINFO_PROC.uid),
      stat: buffer.readInt8(offset + KINFO_PROC.stat),
      nice: buffer.readInt8(offset + KINFO_PROC.nice),
      comm: comm.toString('utf8', 0, end < 0 ? comm.length : end),
      startUs: Number(buffer.readBigInt64LE(offset + KINFO_PROC.startSec)) * 1_000_000 + buffer.readInt32LE(offset + KINFO_PROC.startUsec),
    });
  }
  return { ok: true, entries };
}

export interface TaskInfo {
  residentBytes: number;
  virtualBytes: number;
  /** The task's scheduling priority (31 for a default user process), htop's PRI on macOS. */
  priority: number;
  /** User + system CPU in Mach ticks; multiply by numer/denom of mach_timebase_info for ns. */
  cpuTicks: number;
  threads: number;
}

export function parseTaskInfo(buffer: Buffer): TaskInfo {
  return {
    residentBytes: Number(buffer.readBigUInt64LE(PROC_TASKINFO.residentSize)),
    virtualBytes: Number(buffer.readBigUInt64LE(PROC_TASKINFO.virtualSize)),
    priority: buffer.readInt32LE(PROC_TASKINFO.priority),
    cpuTicks: Number(buffer.readBigUInt64LE(PROC_TASKINFO.totalUser) + buffer.readBigUInt64LE(PROC_TASKINFO.totalSystem)),
    threads: buffer.readInt32LE(PROC_TASKINFO.threadnum),
  };
}

/** Mach ticks as ms, given mach_timebase_info's numer/denom (1/1 on Intel, 125/3 on Apple silicon). */
export function machTicksToMs(ticks: number, timebase: { numer: number; denom: number }): number {
  return (ticks * timebase.numer) / timebase.denom / 1e6;
}

/**
 * sysctl(KERN_PROCARGS2)'s buffer: argc (int32), the executable path NUL-terminated, NUL padding, then argc
 * NUL-terminated arguments, then the environment (not read here). Null when the buffer does not hold argc arguments.
 */
export function parseProcargs2(buffer: Buffer, length: number): { exe: string; argv: string[] } | null {
  if (length < 4) return null;
  const argc = buffer.readInt32LE(0);
  let at = buffer.indexOf(0, 4);
  if (argc < 0 || at < 0 || at > length) return null;
  const exe = buffer.toString('utf8', 4, at);
  while (at < length && buffer[at] === 0) at++;
  const argv: string[] = [];
  while (argv.length < argc && at < length) {
    let end = buffer.indexOf(0, at);
    if (end < 0 || end > length) end = length;
    argv.push(buffer.toString('utf8', at, end));
    at = end + 1;
  }
  return argv.length === argc ? { exe, argv } : null;
}
