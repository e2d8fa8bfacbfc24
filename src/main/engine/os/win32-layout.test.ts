import { describe, expect, it } from 'vitest';
import { filetimeToEpochMs, parseSystemProcessInformation, readUnicodeString } from './win32-layout';

/**
 * Builds what NtQuerySystemInformation(SystemProcessInformation) writes on x64, with the offsets written out here from
 * the SDK/phnt declaration (psutil's ntextapi.h) rather than taken from the parser, so a wrong offset there fails:
 *   0 NextEntryOffset u32 · 4 NumberOfThreads u32 · 32 CreateTime i64 · 40 UserTime i64 · 48 KernelTime i64
 *   56 ImageName.Length u16 · 64 ImageName.Buffer ptr · 80 UniqueProcessId · 88 InheritedFromUniqueProcessId
 *   72 BasePriority i32 · 96 HandleCount u32 · 100 SessionId u32 · 120 VirtualSize · 144 WorkingSetSize · 184 PagefileUsage
 *   232 ReadTransferCount i64 · 240 WriteTransferCount i64 · 256 the thread array
 * Each record is followed by its threads (80 bytes each) and then its name, as Windows lays them out.
 */
interface Spec {
  pid: number;
  ppid: number;
  name: string;
  threads: number;
  createTime: bigint;
  user: bigint;
  kernel: bigint;
  ws: bigint;
  pagefile: bigint;
  handles: number;
  session: number;
  priority: number;
  virt: bigint;
  readBytes: bigint;
  writeBytes: bigint;
}
const BASE = 0x7ff6_1234_0000n;
function build(specs: Spec[]): Buffer {
  const sizes = specs.map((s) => 256 + s.threads * 80 + Math.ceil((s.name.length * 2) / 8) * 8);
  const buffer = Buffer.alloc(sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  specs.forEach((s, i) => {
    const size = sizes[i]!;
    buffer.writeUInt32LE(i === specs.length - 1 ? 0 : size, offset);
    buffer.writeUInt32LE(s.threads, offset + 4);
    buffer.writeBigInt64LE(s.createTime, offset + 32);
    buffer.writeBigInt64LE(s.user, offset + 40);
    buffer.writeBigInt64LE(s.kernel, offset + 48);
    const nameAt = offset + 256 + s.threads * 80;
    buffer.writeUInt16LE(s.name.length * 2, offset + 56);
    buffer.writeUInt16LE(s.name.length * 2 + 2, offset + 58);
    buffer.writeBigUInt64LE(s.name ? BASE + BigInt(nameAt) : 0n, offset + 64);
    buffer.write(s.name, nameAt, 'utf16le');
    buffer.writeBigUInt64LE(BigInt(s.pid), offset + 80);
    buffer.writeBigUInt64LE(BigInt(s.ppid), offset + 88);
    buffer.writeUInt32LE(s.handles, offset + 96);
    buffer.writeUInt32LE(s.session, offset + 100);
    buffer.writeBigUInt64LE(s.ws, offset + 144);
    buffer.writeBigUInt64LE(s.pagefile, offset + 184);
    buffer.writeInt32LE(s.priority, offset + 72);
    buffer.writeBigUInt64LE(s.virt, offset + 120);
    buffer.writeBigInt64LE(s.readBytes, offset + 232);
    buffer.writeBigInt64LE(s.writeBytes, offset + 240);
    offset += size;
  });
  return buffer;
}

// 2026-11-23T08:10:00.250Z as a FILETIME: (epoch ms × 10 000) + 116 444 736 000 000 000.
const CREATED = BigInt(Date.UTC(2026, 10, 23, 8, 10, 0, 250)) * 10_000n + 116_444_736_000_000_000n + 1234n;
const base: Omit<Spec, 'pid' | 'ppid' | 'name'> = {
  threads: 2,
  createTime: CREATED,
  user: 5_000_000n,
  kernel: 2_500_000n,
  ws: 50n << 20n,
  pagefile: 30n << 20n,
  handles: 321,
  session: 1,
  priority: 8,
  virt: 2n << 40n,
  readBytes: 123_456_789_012n,
  writeBytes: 4_096n,
};

describe('SYSTEM_PROCESS_INFORMATION parser', () => {
  it('walks the chain and reads every field at its SDK offset', () => {
    const buffer = build([
      { ...base, pid: 0, ppid: 0, name: '', threads: 2, createTime: 0n },
      { ...base, pid: 4, ppid: 0, name: 'System', threads: 150, session: 0, priority: 13 },
      { ...base, pid: 7312, ppid: 6120, name: 'node (x86) — 測試.exe', threads: 11 },
    ]);
    const parsed = parseSystemProcessInformation(buffer, buffer.length, BASE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries.map((e) => [e.pid, e.imageName])).toEqual([
      [0, 'System Idle Process'],
      [4, 'System'],
      [7312, 'node (x86) — 測試.exe'],
    ]);
    expect(parsed.entries[2]).toEqual({
      pid: 7312,
      ppid: 6120,
      imageName: 'node (x86) — 測試.exe',
      threads: 11,
      createTime: CREATED,
      userTime100ns: 5_000_000,
      kernelTime100ns: 2_500_000,
      workingSetBytes: 50 * 1024 * 1024,
      privateBytes: 30 * 1024 * 1024,
      handles: 321,
      sessionId: 1,
      basePriority: 8,
      virtualBytes: 2 * 1024 ** 4,
      ioReadBytes: 123_456_789_012,
      ioWriteBytes: 4_096,
    });
    expect(parsed.entries[1]).toMatchObject({ threads: 150, sessionId: 0, basePriority: 13 });
  });

  it('reads a name that lies outside the buffer through the given reader', () => {
    const buffer = build([{ ...base, pid: 8, ppid: 4, name: 'x.exe' }]);
    buffer.writeBigUInt64LE(0x1000n, 64);
    const parsed = parseSystemProcessInformation(buffer, buffer.length, BASE, (address, bytes) => `at ${address} (${bytes} bytes)`);
    expect(parsed.ok && parsed.entries[0]!.imageName).toBe('at 4096 (10 bytes)');
  });

  it('refuses a chain that runs past the returned length or points back into its own record', () => {
    const two = build([
      { ...base, pid: 8, ppid: 4, name: 'a.exe' },
      { ...base, pid: 9, ppid: 4, name: 'b.exe' },
    ]);
    const cut = parseSystemProcessInformation(two, 300, BASE);
    expect(cut).toEqual({ ok: false, message: expect.stringContaining('runs past the 300 bytes') });
    two.writeUInt32LE(16, 0);
    expect(parseSystemProcessInformation(two, two.length, BASE)).toEqual({ ok: false, message: expect.stringContaining('inside itself') });
  });

  it('turns FILETIMEs into whole epoch ms (0 stays 0), as CIM gives CreationDate', () => {
    expect(filetimeToEpochMs(CREATED)).toBe(Date.UTC(2026, 10, 23, 8, 10, 0, 250));
    expect(filetimeToEpochMs(0n)).toBe(0);
  });

  it('reads a UNICODE_STRING: Length at 0, Buffer at 8', () => {
    const b = Buffer.alloc(16);
    b.writeUInt16LE(42, 0);
    b.writeBigUInt64LE(0xdeadn, 8);
    expect(readUnicodeString(b, 0)).toEqual({ bytes: 42, address: 0xdeadn });
  });
});
