import { ACCESS, NT, TokenUser, type Win32Api } from './win32-api';
import {
  PBI,
  PEB,
  RTL_USER_PROCESS_PARAMETERS,
  UNICODE_STRING,
  parseSystemProcessInformation,
  readUnicodeString,
  type SystemProcessEntry,
} from './win32-layout';

/** The table buffer starts here and doubles until the system's answer fits; past the limit the read is refused. */
const INITIAL_TABLE_BYTES = 256 * 1024;
export const MAX_TABLE_BYTES = 256 * 1024 * 1024;
/** Command lines are at most 32767 UTF-16 characters on Windows (CreateProcess's limit). */
const MAX_COMMAND_LINE_BYTES = 65_536;

let tableBuffer: Buffer | undefined;

const hex = (status: number): string => `0x${(status >>> 0).toString(16).padStart(8, '0')}`;

/**
 * The whole process table from one NtQuerySystemInformation(SystemProcessInformation), the way psutil and
 * System Informer read it. The buffer is kept between calls and grown (doubled, and at least to the size the
 * system asks for) until the table fits.
 */
export function readSystemProcesses(api: Win32Api): { ok: true; entries: SystemProcessEntry[] } | { ok: false; message: string } {
  let size = tableBuffer?.length ?? INITIAL_TABLE_BYTES;
  for (;;) {
    if (!tableBuffer || tableBuffer.length < size) tableBuffer = Buffer.alloc(size);
    const returned: [number] = [0];
    const status = api.NtQuerySystemInformation(NT.SystemProcessInformation, tableBuffer, tableBuffer.length, returned) >>> 0;
    if (status === NT.STATUS_INFO_LENGTH_MISMATCH || status === NT.STATUS_BUFFER_TOO_SMALL) {
      // The table can grow between the two calls: ask for more than it said.
      size = Math.max(tableBuffer.length * 2, returned[0] + 64 * 1024);
      if (size > MAX_TABLE_BYTES) {
        return { ok: false, message: `the process table needs more than ${MAX_TABLE_BYTES / 1024 / 1024} MiB (the reader's limit)` };
      }
      continue;
    }
    if (status !== NT.STATUS_SUCCESS)
      return { ok: false, message: `NtQuerySystemInformation(SystemProcessInformation) failed with NTSTATUS ${hex(status)}` };
    const base = api.koffi.address(tableBuffer);
    return parseSystemProcessInformation(
      tableBuffer,
      returned[0] || tableBuffer.length,
      base,
      (address, bytes) => api.koffi.decode(address, 'char16_t', bytes / 2) as string,
    );
  }
}

/** What is read once per new process; each field is null where Windows says no (access denied, a protected process). */
export interface ProcessExtras {
  commandLine: string | null;
  exe: string | null;
  user: string | null;
}

function withProcess<T>(api: Win32Api, pid: number, access: number, use: (handle: bigint) => T): T | null {
  const handle = api.OpenProcess(access, 0, pid);
  if (!handle) return null;
  try {
    return use(handle);
  } finally {
    api.CloseHandle(handle);
  }
}

function readMemory(api: Win32Api, handle: bigint, address: bigint, bytes: number): Buffer | null {
  if (address === 0n || bytes <= 0) return null;
  const buffer = Buffer.alloc(bytes);
  const read: [number] = [0];
  return api.ReadProcessMemory(handle, address, buffer, bytes, read) && read[0] === bytes ? buffer : null;
}

/** Windows 8.1 and later: the command line without reading the target's memory. Wine refuses this class. */
function commandLineFromInfoClass(api: Win32Api, handle: bigint): string | null {
  const buffer = Buffer.alloc(UNICODE_STRING.size + MAX_COMMAND_LINE_BYTES);
  const returned: [number] = [0];
  const status = api.NtQueryInformationProcess(handle, NT.ProcessCommandLineInformation, buffer, buffer.length, returned) >>> 0;
  if (status !== NT.STATUS_SUCCESS) return null;
  const { bytes, address } = readUnicodeString(buffer, 0);
  const relative = Number(address - api.koffi.address(buffer));
  if (relative < 0 || relative + bytes > buffer.length) return null;
  return buffer.toString('utf16le', relative, relative + bytes);
}

/** The PEB's process parameters of a 64-bit target: PEB → RTL_USER_PROCESS_PARAMETERS, as psutil's proc_peb.c reads them. */
function processParameters(api: Win32Api, handle: bigint): Buffer | null {
  const basic = Buffer.alloc(PBI.size);
  const returned: [number] = [0];
  if (api.NtQueryInformationProcess(handle, NT.ProcessBasicInformation, basic, basic.length, returned) >>> 0 !== NT.STATUS_SUCCESS) return null;
  const peb = readMemory(api, handle, basic.readBigUInt64LE(PBI.pebBaseAddress), PEB.size);
  if (!peb) return null;
  return readMemory(api, handle, peb.readBigUInt64LE(PEB.processParameters), RTL_USER_PROCESS_PARAMETERS.size);
}

function parameterString(api: Win32Api, handle: bigint, parameters: Buffer, offset: number): string | null {
  const { bytes, address } = readUnicodeString(parameters, offset);
  if (bytes > MAX_COMMAND_LINE_BYTES) return null;
  return readMemory(api, handle, address, bytes)?.toString('utf16le') ?? null;
}

function exePath(api: Win32Api, handle: bigint): string | null {
  const chars: [number] = [32_768];
  const buffer = Buffer.alloc(chars[0] * 2);
  return api.QueryFullProcessImageNameW(handle, 0, buffer, chars) ? buffer.toString('utf16le', 0, chars[0] * 2) : null;
}

/** DOMAIN\user of the process's token (OpenProcessToken + GetTokenInformation(TokenUser) + LookupAccountSidW). */
function owner(api: Win32Api, handle: bigint): string | null {
  const token: [bigint | null] = [null];
  if (!api.OpenProcessToken(handle, ACCESS.TOKEN_QUERY, token) || !token[0]) return null;
  try {
    const info = Buffer.alloc(256);
    const returned: [number] = [0];
    if (!api.GetTokenInformation(token[0], TokenUser, info, info.length, returned)) return null;
    // TOKEN_USER is SID_AND_ATTRIBUTES: the SID's address first; the SID itself lies later in the same buffer.
    const sid = info.readBigUInt64LE(0);
    const name = Buffer.alloc(512);
    const domain = Buffer.alloc(512);
    const nameChars: [number] = [256];
    const domainChars: [number] = [256];
    if (!api.LookupAccountSidW(null, sid, name, nameChars, domain, domainChars, [0])) return null;
    const user = name.toString('utf16le', 0, nameChars[0] * 2);
    const domainName = domain.toString('utf16le', 0, domainChars[0] * 2);
    return domainName ? `${domainName}\\${user}` : user;
  } finally {
    api.CloseHandle(token[0]);
  }
}

/** Command line, executable path and owner of one process, each null where access is denied. Read once per new process. */
export function readProcessExtras(api: Win32Api, pid: number): ProcessExtras {
  // The idle process (0) and System (4) have no user-mode image to read.
  if (pid === 0 || pid === 4) return { commandLine: null, exe: null, user: null };
  const limited = withProcess(api, pid, ACCESS.PROCESS_QUERY_LIMITED_INFORMATION, (handle) => ({
    commandLine: commandLineFromInfoClass(api, handle),
    exe: exePath(api, handle),
    user: owner(api, handle),
  }));
  const commandLine = limited?.commandLine ?? fromParameters(api, pid, RTL_USER_PROCESS_PARAMETERS.commandLine);
  return { commandLine, exe: limited?.exe ?? null, user: limited?.user ?? null };
}

/** The working folder, from the PEB (it changes, so it is read when asked, not cached). */
export function readProcessCwd(api: Win32Api, pid: number): string | null {
  if (pid === 0 || pid === 4) return null;
  return fromParameters(api, pid, RTL_USER_PROCESS_PARAMETERS.currentDirectoryPath);
}

function fromParameters(api: Win32Api, pid: number, offset: number): string | null {
  return withProcess(api, pid, ACCESS.PROCESS_QUERY_INFORMATION | ACCESS.PROCESS_VM_READ, (handle) => {
    const parameters = processParameters(api, handle);
    return parameters ? parameterString(api, handle, parameters, offset) : null;
  });
}
