import { describe, expect, it } from 'vitest';
import { findZombies, groupZombies, type ZombieCandidate } from './zombies';

function row(pid: number, ppid: number, extra: Partial<ZombieCandidate> = {}): ZombieCandidate {
  return { pid, ppid, name: `p${pid}`, state: 'sleeping', ...extra };
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

describe('groupZombies', () => {
  it('groups by parent in table order; any of the reaper names counts, not just init', () => {
    const rows = [
      row(1, 0, { name: 'init' }),
      row(20, 1, { name: 'dumb-init' }),
      row(21, 20, { state: 'zombie' }),
      row(30, 1, { name: 'worker' }),
      row(31, 30, { state: 'zombie' }),
      row(32, 30, { state: 'zombie' }),
      row(41, 40, { state: 'zombie' }),
    ];
    const groups = groupZombies(rows, new Set([1]));
    expect(groups.map((g) => [g.parentPid, g.zombies.map((z) => z.pid), g.parentIsReaper])).toEqual([
      [20, [21], true],
      [30, [31, 32], false],
      [40, [41], false],
    ]);
    expect(groups[2]!.parent).toBeUndefined();
  });

  it("reads the engine's reaper mark before the names, and takes a missing init as a reaper", () => {
    const rows = [row(7, 1, { name: 'tini', reaper: false }), row(8, 7, { state: 'zombie' }), row(9, 1, { state: 'zombie' })];
    expect(groupZombies(rows, new Set([1])).map((g) => g.parentIsReaper)).toEqual([false, true]);
  });
});
