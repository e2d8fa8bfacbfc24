import { describe, expect, it } from 'vitest';
import { processRow } from './__fixtures__/process-row';
import { diffTables, indexRows } from './diff';
import type { ProcessRow } from './types';

const row = (pid: number, startTime: number, extra: Partial<ProcessRow> = {}): ProcessRow => processRow(pid, { startTime, ...extra });

describe('diffTables', () => {
  it('reports starts, ends, re-parenting and state changes', () => {
    const before = indexRows([row(10, 1), row(11, 1, { ppid: 10 }), row(12, 1)]);
    const after = indexRows([row(11, 1, { ppid: 1 }), row(12, 1, { state: 'zombie' }), row(13, 5)]);
    const events = diffTables(before, after, 1000);
    expect(events.map((e) => [e.type, e.pid])).toEqual(
      expect.arrayContaining([
        ['ended', 10],
        ['reparented', 11],
        ['state-changed', 12],
        ['started', 13],
      ]),
    );
    expect(events).toHaveLength(4);
    expect(events.find((e) => e.type === 'reparented')).toMatchObject({ from: 10, to: 1 });
    expect(events.find((e) => e.type === 'state-changed')).toMatchObject({ from: 'sleeping', to: 'zombie' });
  });

  it('treats a reused pid as a new process, not a change', () => {
    const events = diffTables(indexRows([row(20, 1)]), indexRows([row(20, 99)]), 0);
    expect(events.map((e) => `${e.type}:${e.startTime}`).sort()).toEqual(['ended:1', 'started:99']);
  });
});
