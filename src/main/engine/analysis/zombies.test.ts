import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../sampler/types';
import { findZombies } from './zombies';

function row(pid: number, ppid: number, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid,
    ppid,
    pgid: pid,
    sid: pid,
    name: `p${pid}`,
    cmd: '',
    state: 'sleeping',
    uid: 0,
    user: 'root',
    startTime: pid,
    startedAt: 0,
    cpuTimeMs: 0,
    rssBytes: 0,
    threads: 1,
    ...extra,
  };
}

describe('findZombies', () => {
  it('names the parent that does not reap, how many it holds, and the remedy', () => {
    const rows = [
      row(1, 0, { name: 'init' }),
      row(10, 1, { name: 'server' }),
      row(11, 10, { state: 'zombie' }),
      row(12, 10, { state: 'zombie' }),
      row(13, 1, { state: 'zombie' }),
    ];
    const reports = findZombies(rows, new Set([1]));
    const fromServer = reports.find((z) => z.pid === 11)!;
    expect(fromServer).toMatchObject({ parentPid: 10, parentName: 'server', siblingsHeld: 2, parentIsReaper: false });
    expect(fromServer.remedy).toMatch(/must call wait\(\); killing the parent lets init reap it/);
    const adopted = reports.find((z) => z.pid === 13)!;
    expect(adopted).toMatchObject({ parentPid: 1, parentIsReaper: true, siblingsHeld: 1 });
    expect(adopted.remedy).toMatch(/adopted by 1 \(init\), which is not reaping/);
  });
});
