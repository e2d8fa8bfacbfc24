import { describe, expect, it } from 'vitest';
import { machTicksToMs, parseKinfoProcs, parseProcargs2, parseTaskInfo } from './darwin-layout';

/**
 * Buffers as macOS writes them on LP64 (x86_64 and arm64), with offsets written out here from the SDK headers rather
 * than taken from the parser, so a wrong offset there fails:
 *   struct kinfo_proc, 648 bytes = struct extern_proc (296) + struct eproc (352)
 *     extern_proc: p_starttime.tv_sec int64 @0, .tv_usec int32 @8; p_flag @32; p_stat char @36; p_pid @40;
 *                  p_nice signed char @242, p_comm char[17] @243
 *     eproc @296: e_paddr @0, e_sess @8, e_pcred (pc_lock[72], pc_ucred, p_ruid @+88 …; 104 bytes) @16,
 *                 e_ucred (cr_ref, cr_uid @+124, cr_ngroups, cr_groups[16]; 76 bytes) @120, e_vm (64 bytes) @200,
 *                 e_ppid @264, e_pgid @268
 *   struct proc_taskinfo, 96 bytes: pti_virtual_size @0, pti_resident_size @8, pti_total_user @16,
 *     pti_total_system @24, …, pti_threadnum int32 @84, pti_numrunning @88, pti_priority int32 @92
 */
interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  ruid: number;
  stat: number;
  nice?: number;
  comm: string;
  sec: number;
  usec: number;
}
function kinfoProcs(procs: Proc[]): Buffer {
  const buffer = Buffer.alloc(procs.length * 648);
  procs.forEach((p, i) => {
    const at = i * 648;
    buffer.writeBigInt64LE(BigInt(p.sec), at + 0);
    buffer.writeInt32LE(p.usec, at + 8);
    buffer.writeInt32LE(0x4004, at + 32);
    buffer.writeInt8(p.stat, at + 36);
    buffer.writeInt32LE(p.pid, at + 40);
    buffer.writeInt8(p.nice ?? 0, at + 242);
    buffer.write(p.comm.slice(0, 16), at + 243, 'utf8');
    buffer.writeUInt32LE(p.ruid, at + 296 + 16 + 88);
    buffer.writeUInt32LE(p.uid, at + 296 + 120 + 4);
    buffer.writeInt32LE(p.ppid, at + 296 + 264);
    buffer.writeInt32LE(p.pgid, at + 296 + 268);
  });
  return buffer;
}

const START = Date.UTC(2026, 10, 23, 8, 18, 37) / 1000;

describe('kinfo_proc parser', () => {
  it('reads pid, parent, group, effective uid, state, nice, name and start time at the SDK offsets', () => {
    const buffer = kinfoProcs([
      { pid: 1, ppid: 0, pgid: 1, uid: 0, ruid: 0, stat: 3, comm: 'launchd', sec: START, usec: 0 },
      { pid: 812, ppid: 1, pgid: 812, uid: 501, ruid: 502, stat: 2, nice: -5, comm: 'a-very-long-process-name', sec: START + 60, usec: 123_456 },
      { pid: 900, ppid: 812, pgid: 812, uid: 501, ruid: 501, stat: 5, nice: 19, comm: 'sleep', sec: START + 61, usec: 999_999 },
    ]);
    const parsed = parseKinfoProcs(buffer, buffer.length);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries).toEqual([
      { pid: 1, ppid: 0, pgid: 1, uid: 0, stat: 3, nice: 0, comm: 'launchd', startUs: START * 1e6 },
      // p_comm keeps 16 bytes (MAXCOMLEN); the reader takes the full name from proc_pidpath.
      { pid: 812, ppid: 1, pgid: 812, uid: 501, stat: 2, nice: -5, comm: 'a-very-long-proc', startUs: (START + 60) * 1e6 + 123_456 },
      { pid: 900, ppid: 812, pgid: 812, uid: 501, stat: 5, nice: 19, comm: 'sleep', startUs: (START + 61) * 1e6 + 999_999 },
    ]);
  });

  it('refuses a length that is not whole records', () => {
    const buffer = kinfoProcs([{ pid: 1, ppid: 0, pgid: 1, uid: 0, ruid: 0, stat: 3, comm: 'launchd', sec: START, usec: 0 }]);
    expect(parseKinfoProcs(buffer, 600)).toEqual({ ok: false, message: expect.stringContaining('not a whole number of 648-byte') });
  });
});

describe('proc_taskinfo parser', () => {
  it('reads resident and virtual size, user + system ticks, threads and priority; ticks become ms through the timebase', () => {
    const buffer = Buffer.alloc(96);
    buffer.writeBigUInt64LE(4n << 30n, 0);
    buffer.writeBigUInt64LE(52_428_800n, 8);
    buffer.writeBigUInt64LE(24_000_000n, 16);
    buffer.writeBigUInt64LE(6_000_000n, 24);
    buffer.writeInt32LE(11, 84);
    buffer.writeInt32LE(2, 88);
    buffer.writeInt32LE(31, 92);
    const task = parseTaskInfo(buffer);
    expect(task).toEqual({ residentBytes: 52_428_800, virtualBytes: 4 * 1024 ** 3, cpuTicks: 30_000_000, threads: 11, priority: 31 });
    // Apple silicon: 125/3 ns per tick (24 MHz), so 30 M ticks are 1.25 s; Intel: 1 tick = 1 ns.
    expect(machTicksToMs(task.cpuTicks, { numer: 125, denom: 3 })).toBeCloseTo(1250, 6);
    expect(machTicksToMs(task.cpuTicks, { numer: 1, denom: 1 })).toBe(30);
  });
});

describe('KERN_PROCARGS2 parser', () => {
  const procargs = (argc: number, exe: string, pad: number, args: string[], env: string[]): Buffer => {
    const head = Buffer.alloc(4);
    head.writeInt32LE(argc, 0);
    return Buffer.concat([head, Buffer.from(`${exe}\0`), Buffer.alloc(pad), ...[...args, ...env].map((s) => Buffer.from(`${s}\0`))]);
  };

  it('skips the exec path and its padding, takes argc arguments and stops before the environment', () => {
    const buffer = procargs(3, '/usr/bin/python3', 5, ['python3', '-c', 'print("a b")'], ['HOME=/Users/me', 'LANG=C']);
    expect(parseProcargs2(buffer, buffer.length)).toEqual({ exe: '/usr/bin/python3', argv: ['python3', '-c', 'print("a b")'] });
  });

  it('reads an empty argument and UTF-8, and refuses a buffer cut before argc arguments', () => {
    const buffer = procargs(3, '/bin/echo', 0, ['echo', '', 'héllo 世界'], []);
    expect(parseProcargs2(buffer, buffer.length)?.argv).toEqual(['echo', '', 'héllo 世界']);
    expect(parseProcargs2(buffer, 20)).toBeNull();
    expect(parseProcargs2(Buffer.alloc(2), 2)).toBeNull();
  });
});
