import { describe, expect, it } from 'vitest';
import { processInfo as info } from '../../shared/__fixtures__/process-info';
import type { Snapshot } from '../../shared/model';
import { formatSnapshotTable } from './format-table';

describe('formatSnapshotTable', () => {
  it('ends with what would clear each zombie, reading the reaper marks the sampler made', () => {
    const processes = [
      info(1, 0, 'init', { reaper: true }),
      info(10, 1, 'server', { reaper: false }),
      info(11, 10, 'job', { state: 'zombie', zombie: true }),
      info(20, 1, 'dumb-init', { reaper: true }),
      info(21, 20, 'task', { state: 'zombie', zombie: true }),
    ];
    const snapshot: Snapshot = { takenAt: 0, platform: 'linux', processes, zombies: [11, 21], orphans: [] };
    const lines = formatSnapshotTable(snapshot, { tree: true }).split('\n');
    expect(lines.at(-3)).toBe('5 processes, 2 zombies, 0 orphans');
    expect(lines.at(-2)).toBe('zombie 11 (job): its parent 10 (server) must call wait(); killing the parent lets init reap it');
    expect(lines.at(-1)).toBe('zombie 21 (task): adopted by 20 (dumb-init), which is not reaping; only that reaper calling wait() clears it');
  });
});
