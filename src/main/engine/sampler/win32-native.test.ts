import { describe, expect, it } from 'vitest';
import { toRow } from './win32-native';

describe('Windows native rows', () => {
  it('turn a SYSTEM_PROCESS_INFORMATION entry into a row: epoch ms identity, 100 ns CPU units, Windows-only figures, and the htop columns the record holds', () => {
    const created = BigInt(Date.UTC(2026, 10, 23, 8, 10, 0, 250)) * 10_000n + 116_444_736_000_000_000n;
    const row = toRow({
      pid: 7312,
      ppid: 6120,
      imageName: 'node.exe',
      threads: 11,
      createTime: created,
      userTime100ns: 15_000_000,
      kernelTime100ns: 7_031_250,
      workingSetBytes: 52_428_800,
      privateBytes: 31_457_280,
      handles: 321,
      sessionId: 1,
      basePriority: 8,
      virtualBytes: 2_199_023_255_552,
      ioReadBytes: 9_000,
      ioWriteBytes: 512,
    });
    expect(row).toEqual({
      pid: 7312,
      ppid: 6120,
      pgid: null,
      sid: null,
      name: 'node.exe',
      // Until the command line is read (once per process), the name stands in, as for processes that refuse it.
      cmd: '[node.exe]',
      state: 'running',
      uid: null,
      user: null,
      startTime: Date.UTC(2026, 10, 23, 8, 10, 0, 250),
      startedAt: Date.UTC(2026, 10, 23, 8, 10, 0, 250),
      cpuTimeMs: 2203.125,
      rssBytes: 52_428_800,
      threads: 11,
      privateBytes: 31_457_280,
      handles: 321,
      winSessionId: 1,
      priority: 8,
      nice: null,
      virtBytes: 2_199_023_255_552,
      ioReadBytes: 9_000,
      ioWriteBytes: 512,
    });
  });
});
