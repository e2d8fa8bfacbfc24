import { ENOMEM, PROC_PIDPATHINFO_MAXSIZE, PROC_PIDTASKINFO, SYSCTL, type DarwinApi } from './darwin-api';
import { PROC_TASKINFO, parseKinfoProcs, parseProcargs2, parseTaskInfo, type KinfoProcEntry, type TaskInfo } from './darwin-layout';

/** Past this the table read is refused rather than grown further. */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;

function sysctlBytes(api: DarwinApi, mib: number[], limit: number): { ok: true; buffer: Buffer; length: number } | { ok: false; errno: number } {
  const name = Int32Array.from(mib);
  for (let attempt = 0; attempt < 8; attempt++) {
    const size: [number] = [0];
    if (api.sysctl(name, name.length, null, size, null, 0) !== 0) return { ok: false, errno: api.errno() };
    // The table can grow between the two calls: leave room.
    const buffer = Buffer.alloc(Math.min(limit, Math.ceil(size[0] * 1.25) + 4096));
    const length: [number] = [buffer.length];
    if (api.sysctl(name, name.length, buffer, length, null, 0) === 0) return { ok: true, buffer, length: length[0] };
    const errno = api.errno();
    if (errno !== ENOMEM || buffer.length >= limit) return { ok: false, errno };
  }
  return { ok: false, errno: ENOMEM };
}

/** Every process from one sysctl(CTL_KERN, KERN_PROC, KERN_PROC_ALL), psutil's way: readable for every user's processes. */
export function readKinfoProcs(api: DarwinApi): { ok: true; entries: KinfoProcEntry[] } | { ok: false; message: string } {
  const read = sysctlBytes(api, [SYSCTL.CTL_KERN, SYSCTL.KERN_PROC, SYSCTL.KERN_PROC_ALL], MAX_TABLE_BYTES);
  if (!read.ok) return { ok: false, message: `sysctl(KERN_PROC_ALL) failed with errno ${read.errno}` };
  return parseKinfoProcs(read.buffer, read.length);
}

const taskBuffer = Buffer.alloc(PROC_TASKINFO.size);
/** CPU ticks, resident size and threads; null where macOS says no (other users' processes without root, zombies). */
export function readTaskInfo(api: DarwinApi, pid: number): TaskInfo | null {
  return api.proc_pidinfo(pid, PROC_PIDTASKINFO, 0, taskBuffer, taskBuffer.length) === PROC_TASKINFO.size ? parseTaskInfo(taskBuffer) : null;
}

const pathBuffer = Buffer.alloc(PROC_PIDPATHINFO_MAXSIZE);
export function readExePath(api: DarwinApi, pid: number): string | null {
  const length = api.proc_pidpath(pid, pathBuffer, pathBuffer.length);
  return length > 0 ? pathBuffer.toString('utf8', 0, length) : null;
}

let argsBuffer: Buffer | undefined;
/** The arguments from sysctl(KERN_PROCARGS2), or null where they cannot be read (another user's process, a zombie). */
export function readArguments(api: DarwinApi, pid: number): string[] | null {
  if (!argsBuffer) {
    // One buffer of KERN_ARGMAX bytes (the most arguments plus environment can take), reused for every process.
    const read = sysctlBytes(api, [SYSCTL.CTL_KERN, SYSCTL.KERN_ARGMAX], 8);
    argsBuffer = Buffer.alloc(read.ok && read.length >= 4 ? read.buffer.readInt32LE(0) : 1024 * 1024);
  }
  const name = Int32Array.from([SYSCTL.CTL_KERN, SYSCTL.KERN_PROCARGS2, pid]);
  const buffer = argsBuffer;
  const length: [number] = [buffer.length];
  if (api.sysctl(name, name.length, buffer, length, null, 0) !== 0) return null;
  return parseProcargs2(buffer, length[0])?.argv ?? null;
}

/** mach_timebase_info: Mach ticks × numer / denom = ns. */
export function readTimebase(api: DarwinApi): { numer: number; denom: number } {
  const info = Buffer.alloc(8);
  if (api.mach_timebase_info(info) !== 0) return { numer: 1, denom: 1 };
  const numer = info.readUInt32LE(0);
  const denom = info.readUInt32LE(4);
  return denom > 0 ? { numer, denom } : { numer: 1, denom: 1 };
}

/** struct passwd is 72 bytes on LP64 macOS (room is left beyond); pw_name (char *) is its first field and points into `buffer`. */
const PASSWD_SIZE = 256;
export function readUserName(api: DarwinApi, uid: number): string | null {
  const passwd = Buffer.alloc(PASSWD_SIZE);
  const strings = Buffer.alloc(4096);
  const result: [bigint | null] = [null];
  if (api.getpwuid_r(uid, passwd, strings, strings.length, result) !== 0 || !result[0]) return null;
  const relative = Number(passwd.readBigUInt64LE(0) - api.koffi.address(strings));
  if (relative < 0 || relative >= strings.length) return null;
  const end = strings.indexOf(0, relative);
  return strings.toString('utf8', relative, end < 0 ? strings.length : end);
}
