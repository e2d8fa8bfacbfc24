import { describe, expect, it } from 'vitest';
import { processInfo } from '../__fixtures__/process-info';
import { nextReaper } from './next-reaper';

const zombie = (pid: number, ppid: number) => processInfo(pid, ppid, 'sh', { zombie: true, state: 'zombie' });

describe('nextReaper', () => {
  it('names Forkscope when the parent is in its subtree (a child subreaper)', () => {
    const table = [processInfo(1, 0, 'systemd', { reaper: true }), processInfo(50, 1, 'node'), processInfo(60, 50, 'zombie-maker'), zombie(61, 60)];
    expect(nextReaper(table[2]!, table, { enginePid: 50, subreaperEngine: true })).toMatchObject({ kind: 'forkscope', pid: 50, reaps: 'yes' });
    // Where Forkscope cannot be a subreaper (macOS, Windows), init takes them.
    expect(nextReaper(table[2]!, table, { enginePid: 50, subreaperEngine: false })).toMatchObject({ kind: 'init', pid: 1, reaps: 'yes' });
  });

  it('says a pid 1 that already holds zombies does not reap here, and an unknown init may not', () => {
    const table = [processInfo(1, 0, 'process_api', { reaper: true }), zombie(7, 1), zombie(8, 1), processInfo(20, 1, 'bash'), zombie(21, 20)];
    expect(nextReaper(table[3]!, table, { enginePid: 99, subreaperEngine: true })).toEqual({
      kind: 'init',
      pid: 1,
      name: 'process_api',
      reaps: 'no',
      heldZombies: 2,
    });
    const clean = table.filter((p) => p.ppid !== 1 || !p.zombie);
    expect(nextReaper(table[3]!, clean, { enginePid: 99, subreaperEngine: true })).toMatchObject({ kind: 'init', reaps: 'unknown' });
  });

  it('stops at the nearest marked subreaper above the parent', () => {
    const table = [
      processInfo(1, 0, 'systemd', { reaper: true }),
      processInfo(5, 1, 'tini', { reaper: true }),
      processInfo(9, 5, 'app'),
      zombie(10, 9),
    ];
    expect(nextReaper(table[2]!, table, { enginePid: null, subreaperEngine: true })).toMatchObject({
      kind: 'subreaper',
      pid: 5,
      name: 'tini',
      reaps: 'yes',
    });
  });
});
