import type * as Koffi from 'koffi';
import { koffiOrNull, library } from './ffi';

/**
 * The libSystem functions the macOS reader calls, bound once through koffi, declared as in the SDK (sys/sysctl.h,
 * libproc.h, mach/mach_time.h, pwd.h). Buffers are Node Buffers the callee fills; size_t in/out arguments are
 * one-element arrays.
 */
export interface DarwinApi {
  koffi: typeof Koffi;
  sysctl(name: Int32Array, length: number, old: Buffer | null, oldLength: [number], newValue: null, newLength: number): number;
  proc_pidinfo(pid: number, flavor: number, arg: number, buffer: Buffer, size: number): number;
  proc_pidpath(pid: number, buffer: Buffer, size: number): number;
  mach_timebase_info(info: Buffer): number;
  getpwuid_r(uid: number, passwd: Buffer, buffer: Buffer, size: number, result: [bigint | null]): number;
  errno(): number;
}

export const SYSCTL = { CTL_KERN: 1, KERN_ARGMAX: 8, KERN_PROC: 14, KERN_PROC_ALL: 0, KERN_PROCARGS2: 49 } as const;
export const PROC_PIDTASKINFO = 4;
/** PROC_PIDPATHINFO_MAXSIZE (libproc.h): 4 × MAXPATHLEN. */
export const PROC_PIDPATHINFO_MAXSIZE = 4096;
export const ENOMEM = 12;

let bound: { api: DarwinApi } | { reason: string } | undefined;

function bind(): { api: DarwinApi } | { reason: string } {
  const koffi = koffiOrNull();
  if (!koffi) return { reason: 'the FFI (koffi) cannot load' };
  const libSystem = library('/usr/lib/libSystem.B.dylib');
  if (!libSystem) return { reason: 'cannot open /usr/lib/libSystem.B.dylib' };
  try {
    return {
      api: {
        koffi,
        sysctl: libSystem.func('int sysctl(int *name, uint32 namelen, _Out_ void *oldp, _Inout_ size_t *oldlenp, void *newp, size_t newlen)'),
        proc_pidinfo: libSystem.func('int proc_pidinfo(int pid, int flavor, uint64 arg, _Out_ void *buffer, int size)'),
        proc_pidpath: libSystem.func('int proc_pidpath(int pid, _Out_ void *buffer, uint32 size)'),
        mach_timebase_info: libSystem.func('int mach_timebase_info(_Out_ void *info)'),
        getpwuid_r: libSystem.func('int getpwuid_r(uint32 uid, _Out_ void *pwd, _Out_ void *buf, size_t size, _Out_ void **result)'),
        errno: () => koffi.errno(),
      },
    };
  } catch (error) {
    return { reason: `cannot bind the macOS process functions: ${(error as Error).message}` };
  }
}

/** The bound functions, or why they cannot be had on this machine (not macOS, no koffi). */
export function darwinApi(): { api: DarwinApi } | { reason: string } {
  if (process.platform !== 'darwin') return { reason: `libSystem's process functions exist on macOS only; this is ${process.platform}` };
  bound ??= bind();
  return bound;
}
