/**
 * Byte layouts of the Windows structures Forkscope reads, for 64-bit processes (Node for Windows is x64 or arm64,
 * both LLP64 with 8-byte pointers). Offsets are from the SDK and phnt declarations that psutil copies in
 * psutil/arch/windows/ntextapi.h; the parsers here are pure, so tests feed them buffers built from these same offsets.
 * No FFI here: the bindings in win32-*.ts hand these functions the bytes they got.
 */

/** SYSTEM_PROCESS_INFORMATION, one per process, chained by NextEntryOffset; its SYSTEM_THREAD_INFORMATION array follows. */
export const SPI = {
  nextEntryOffset: 0, // ULONG
  numberOfThreads: 4, // ULONG
  createTime: 32, // LARGE_INTEGER, 100 ns since 1601-01-01 UTC
  userTime: 40, // LARGE_INTEGER, 100 ns
  kernelTime: 48, // LARGE_INTEGER, 100 ns
  imageNameLength: 56, // UNICODE_STRING.Length (bytes, no terminator)
  imageNameBuffer: 64, // UNICODE_STRING.Buffer (PWSTR, points into the caller's buffer on Windows)
  basePriority: 72, // KPRIORITY (LONG): the priority class's base, 8 for NORMAL_PRIORITY_CLASS
  uniqueProcessId: 80, // HANDLE
  inheritedFromUniqueProcessId: 88, // HANDLE; not updated when the parent's pid is reused
  handleCount: 96, // ULONG
  sessionId: 100, // ULONG
  virtualSize: 120, // SIZE_T, bytes of address space reserved (VIRT)
  workingSetSize: 144, // SIZE_T, bytes
  pagefileUsage: 184, // SIZE_T, bytes: private committed memory, Process Explorer's "Private Bytes"
  readTransferCount: 232, // LARGE_INTEGER, bytes read by every I/O call (files, devices, network), Process Explorer's "I/O Read Bytes"
  writeTransferCount: 240, // LARGE_INTEGER, bytes written likewise
  size: 256, // sizeof(SYSTEM_PROCESS_INFORMATION) without the thread array
} as const;

/** PROCESS_BASIC_INFORMATION (48 bytes): PebBaseAddress at 8. */
export const PBI = { pebBaseAddress: 8, size: 48 } as const;
/** PEB: ProcessParameters (RTL_USER_PROCESS_PARAMETERS *) at 0x20, after 2+1+21 bytes of flags and LoaderData. */
export const PEB = { processParameters: 0x20, size: 0x28 } as const;
/** RTL_USER_PROCESS_PARAMETERS: UNICODE_STRINGs of 16 bytes (Length at +0, Buffer at +8). */
export const RTL_USER_PROCESS_PARAMETERS = { currentDirectoryPath: 0x38, commandLine: 0x70, size: 0x80 } as const;
/** UNICODE_STRING: Length (USHORT, bytes) at 0, MaximumLength at 2, Buffer (PWSTR) at 8. */
export const UNICODE_STRING = { length: 0, buffer: 8, size: 16 } as const;

/** FILETIME of 1970-01-01 UTC, in 100 ns units since 1601. */
const EPOCH_AS_FILETIME = 116_444_736_000_000_000n;

/** A FILETIME as epoch ms, whole ms (as CIM's CreationDate arrives), so both Windows readers agree on identity. 0 stays 0. */
export function filetimeToEpochMs(filetime: bigint): number {
  if (filetime <= 0n) return 0;
  return Number((filetime - EPOCH_AS_FILETIME) / 10_000n);
}

export interface SystemProcessEntry {
  pid: number;
  ppid: number;
  /** The image's file name ("svchost.exe"); the idle process has none and is named as Task Manager names it. */
  imageName: string;
  threads: number;
  /** FILETIME, 100 ns since 1601; 0 for the idle process. */
  createTime: bigint;
  userTime100ns: number;
  kernelTime100ns: number;
  workingSetBytes: number;
  privateBytes: number;
  handles: number;
  sessionId: number;
  basePriority: number;
  virtualBytes: number;
  ioReadBytes: number;
  ioWriteBytes: number;
}

/** Reads `bytes` bytes of UTF-16 at an address outside the buffer, where a system returns names elsewhere. */
export type ReadOutside = (address: bigint, bytes: number) => string | null;

/**
 * The chain of SYSTEM_PROCESS_INFORMATION records in the first `length` bytes of `buffer`, which the system filled
 * at `baseAddress`. Image names point into the same buffer; one that does not is read through `readOutside`.
 * A chain that leaves the buffer or loops is an error naming the offset, never a partial table.
 */
export function parseSystemProcessInformation(
  buffer: Buffer,
  length: number,
  baseAddress: bigint,
  readOutside: ReadOutside = () => null,
): { ok: true; entries: SystemProcessEntry[] } | { ok: false; message: string } {
  const entries: SystemProcessEntry[] = [];
  let offset = 0;
  for (;;) {
    if (offset + SPI.size > length) {
      return { ok: false, message: `a process record at byte ${offset} runs past the ${length} bytes NtQuerySystemInformation returned` };
    }
    const next = buffer.readUInt32LE(offset + SPI.nextEntryOffset);
    const nameBytes = buffer.readUInt16LE(offset + SPI.imageNameLength);
    const nameAddress = buffer.readBigUInt64LE(offset + SPI.imageNameBuffer);
    const pid = Number(buffer.readBigUInt64LE(offset + SPI.uniqueProcessId));
    let imageName: string | null = null;
    if (nameAddress !== 0n && nameBytes > 0) {
      const relative = nameAddress - baseAddress;
      imageName =
        relative >= 0n && relative + BigInt(nameBytes) <= BigInt(length)
          ? buffer.toString('utf16le', Number(relative), Number(relative) + nameBytes)
          : readOutside(nameAddress, nameBytes);
    }
    entries.push({
      pid,
      ppid: Number(buffer.readBigUInt64LE(offset + SPI.inheritedFromUniqueProcessId)),
      imageName: imageName || (pid === 0 ? 'System Idle Process' : `pid ${pid}`),
      threads: buffer.readUInt32LE(offset + SPI.numberOfThreads),
      createTime: buffer.readBigInt64LE(offset + SPI.createTime),
      userTime100ns: Number(buffer.readBigInt64LE(offset + SPI.userTime)),
      kernelTime100ns: Number(buffer.readBigInt64LE(offset + SPI.kernelTime)),
      workingSetBytes: Number(buffer.readBigUInt64LE(offset + SPI.workingSetSize)),
      privateBytes: Number(buffer.readBigUInt64LE(offset + SPI.pagefileUsage)),
      handles: buffer.readUInt32LE(offset + SPI.handleCount),
      sessionId: buffer.readUInt32LE(offset + SPI.sessionId),
      basePriority: buffer.readInt32LE(offset + SPI.basePriority),
      virtualBytes: Number(buffer.readBigUInt64LE(offset + SPI.virtualSize)),
      ioReadBytes: Number(buffer.readBigInt64LE(offset + SPI.readTransferCount)),
      ioWriteBytes: Number(buffer.readBigInt64LE(offset + SPI.writeTransferCount)),
    });
    if (next === 0) return { ok: true, entries };
    if (next < SPI.size) return { ok: false, message: `the process record at byte ${offset} links to ${next} bytes on, inside itself` };
    offset += next;
  }
}

/** A UNICODE_STRING at `offset` of `buffer`: its length in bytes and the address of its characters. */
export function readUnicodeString(buffer: Buffer, offset: number): { bytes: number; address: bigint } {
  return { bytes: buffer.readUInt16LE(offset + UNICODE_STRING.length), address: buffer.readBigUInt64LE(offset + UNICODE_STRING.buffer) };
}
