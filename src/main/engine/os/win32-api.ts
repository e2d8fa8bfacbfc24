import type * as Koffi from 'koffi';
import { koffiOrNull, library } from './ffi';

/**
 * The Win32 and native API functions the Windows reader calls, bound once through koffi. Handles and addresses are
 * BigInt (koffi 3's pointers); buffers are Node Buffers the callee fills. Declarations follow the SDK (winternl.h,
 * processthreadsapi.h, securitybaseapi.h, winbase.h); __stdcall is what WINAPI means on 32-bit and ignored on 64-bit.
 */
export interface Win32Api {
  koffi: typeof Koffi;
  NtQuerySystemInformation(infoClass: number, buffer: Buffer, length: number, returned: [number]): number;
  NtQueryInformationProcess(handle: bigint, infoClass: number, buffer: Buffer, length: number, returned: [number]): number;
  OpenProcess(access: number, inherit: number, pid: number): bigint | null;
  CloseHandle(handle: bigint): number;
  GetLastError(): number;
  ReadProcessMemory(handle: bigint, address: bigint, buffer: Buffer, size: number, read: [number]): number;
  QueryFullProcessImageNameW(handle: bigint, flags: number, buffer: Buffer, size: [number]): number;
  OpenProcessToken(handle: bigint, access: number, token: [bigint | null]): number;
  GetTokenInformation(token: bigint, infoClass: number, buffer: Buffer, length: number, returned: [number]): number;
  LookupAccountSidW(system: null, sid: bigint, name: Buffer, nameChars: [number], domain: Buffer, domainChars: [number], use: [number]): number;
}

export const NT = {
  SystemProcessInformation: 5,
  ProcessBasicInformation: 0,
  ProcessCommandLineInformation: 60,
  STATUS_SUCCESS: 0,
  STATUS_INFO_LENGTH_MISMATCH: 0xc0000004,
  STATUS_BUFFER_TOO_SMALL: 0xc0000023,
  STATUS_BUFFER_OVERFLOW: 0x80000005,
} as const;

export const ACCESS = {
  PROCESS_QUERY_LIMITED_INFORMATION: 0x1000,
  PROCESS_QUERY_INFORMATION: 0x0400,
  PROCESS_VM_READ: 0x0010,
  TOKEN_QUERY: 0x0008,
} as const;
export const TokenUser = 1;

let bound: { api: Win32Api } | { reason: string } | undefined;

function bind(): { api: Win32Api } | { reason: string } {
  const koffi = koffiOrNull();
  if (!koffi) return { reason: 'the FFI (koffi) cannot load' };
  const ntdll = library('ntdll.dll');
  const kernel32 = library('kernel32.dll');
  const advapi32 = library('advapi32.dll');
  const missing = [ntdll ? null : 'ntdll.dll', kernel32 ? null : 'kernel32.dll', advapi32 ? null : 'advapi32.dll'].filter(Boolean);
  if (!ntdll || !kernel32 || !advapi32) return { reason: `cannot open ${missing.join(', ')}` };
  try {
    const api: Win32Api = {
      koffi,
      NtQuerySystemInformation: ntdll.func('int32 __stdcall NtQuerySystemInformation(uint32 cls, _Out_ void *buf, uint32 len, _Out_ uint32 *ret)'),
      NtQueryInformationProcess: ntdll.func(
        'int32 __stdcall NtQueryInformationProcess(void *handle, uint32 cls, _Out_ void *buf, uint32 len, _Out_ uint32 *ret)',
      ),
      OpenProcess: kernel32.func('void * __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)'),
      CloseHandle: kernel32.func('int __stdcall CloseHandle(void *handle)'),
      // koffi keeps the thread's last error across its own work, so this reads what the previous call set.
      GetLastError: kernel32.func('uint32 __stdcall GetLastError()'),
      ReadProcessMemory: kernel32.func(
        'int __stdcall ReadProcessMemory(void *handle, uint64 address, _Out_ void *buf, uintptr size, _Out_ uintptr *read)',
      ),
      QueryFullProcessImageNameW: kernel32.func(
        'int __stdcall QueryFullProcessImageNameW(void *handle, uint32 flags, _Out_ void *buf, _Inout_ uint32 *size)',
      ),
      OpenProcessToken: advapi32.func('int __stdcall OpenProcessToken(void *handle, uint32 access, _Out_ void **token)'),
      GetTokenInformation: advapi32.func(
        'int __stdcall GetTokenInformation(void *token, uint32 cls, _Out_ void *buf, uint32 len, _Out_ uint32 *ret)',
      ),
      LookupAccountSidW: advapi32.func(
        'int __stdcall LookupAccountSidW(void *system, void *sid, _Out_ void *name, _Inout_ uint32 *nameLen, _Out_ void *domain, _Inout_ uint32 *domainLen, _Out_ uint32 *use)',
      ),
    };
    return { api };
  } catch (error) {
    return { reason: `cannot bind the Windows process functions: ${(error as Error).message}` };
  }
}

/** The bound functions, or why they cannot be had on this machine (not Windows, no koffi, a missing DLL). */
export function win32Api(): { api: Win32Api } | { reason: string } {
  if (process.platform !== 'win32') return { reason: `the Windows API exists on Windows only; this is ${process.platform}` };
  bound ??= bind();
  return bound;
}

let wine: boolean | undefined;
/** Whether this "Windows" is Wine (its ntdll exports wine_get_version): tests say where Wine differs. */
export function runningUnderWine(): boolean {
  if (wine === undefined) {
    const ntdll = process.platform === 'win32' ? library('ntdll.dll') : null;
    try {
      wine = Boolean(ntdll?.func('const char *wine_get_version()'));
    } catch {
      wine = false;
    }
  }
  return wine;
}
