import { describe, expect, it } from 'vitest';
import { processInfo as info } from './__fixtures__/process-info';
import { ProcessTable } from './process-table';

describe('ProcessTable fold', () => {
  it('marks reapers a recording made before the engine marked them (init, reaper names), and keeps the marks the engine made', () => {
    const table = new ProcessTable();
    const processes = [info(1, 0, 'bash'), info(20, 1, 'dumb-init'), info(30, 1, 'worker'), info(40, 1, 'tini', { reaper: false })];
    table.apply({ type: 'keyframe', t: 1, snapshot: { takenAt: 1, platform: 'linux', processes, zombies: [], orphans: [] } });
    table.apply({ type: 'started', t: 2, process: info(50, 1, 'systemd') });
    expect(table.processes().map((p) => [p.pid, p.reaper])).toEqual([
      [1, true],
      [20, true],
      [30, false],
      [40, false],
      [50, true],
    ]);
  });
});
