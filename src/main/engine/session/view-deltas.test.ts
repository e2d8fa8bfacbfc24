import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import { keyframeAsSample, ViewDeltas } from './view-deltas';

// Layout-built tables: the fold that turns a periodic keyframe into the changes a view needs is a pure function.
const row = (pid: number, fields: Partial<ProcessInfo> = {}): ProcessInfo => ({
  pid,
  ppid: 1,
  name: `p${pid}`,
  cmd: `p${pid} --flag`,
  state: 'sleeping',
  user: 'root',
  startedAt: 1_000 + pid,
  startTime: 100 + pid,
  cpuPercent: 0,
  rssBytes: 4096,
  zombie: false,
  orphan: false,
  threads: 1,
  ...fields,
});
const keyframe = (t: number, processes: ProcessInfo[]): EngineEvent & { type: 'keyframe' } => ({
  type: 'keyframe',
  t,
  snapshot: { takenAt: t, platform: 'linux', processes, zombies: [], orphans: [] },
});
const tableOf = (...processes: ProcessInfo[]): ProcessTable => {
  const table = new ProcessTable();
  table.apply(keyframe(1, processes));
  return table;
};

describe('a periodic keyframe as the changes a view needs', () => {
  it('is a sample of the metrics that changed, and only those', () => {
    const sample = keyframeAsSample(
      tableOf(row(1), row(2), row(3)),
      keyframe(2, [row(1), row(2, { cpuPercent: 12.5, rssBytes: 8192 }), row(3, { nice: 5 })]),
    );
    expect(sample).toEqual({
      type: 'sample',
      t: 2,
      changes: [
        { pid: 2, startTime: 102, cpuPercent: 12.5, rssBytes: 8192 },
        { pid: 3, startTime: 103, nice: 5 },
      ],
    });
  });

  it('carries what changes without an event of its own: running to sleeping, a new session and group', () => {
    const table = tableOf(row(1, { state: 'running', pgid: 1, sid: 1 }));
    expect(keyframeAsSample(table, keyframe(2, [row(1, { state: 'sleeping', pgid: 1, sid: 1 })]))?.changes).toEqual([
      { pid: 1, startTime: 101, state: 'sleeping' },
    ]);
    expect(keyframeAsSample(table, keyframe(2, [row(1, { state: 'running', pgid: 7, sid: 7 })]))?.changes).toEqual([
      { pid: 1, startTime: 101, pgid: 7, sid: 7 },
    ]);
  });

  it('is an empty sample when nothing changed, and a column no viewer shows any more is no change', () => {
    expect(keyframeAsSample(tableOf(row(1, { nice: 3 })), keyframe(2, [row(1)]))).toEqual({ type: 'sample', t: 2, changes: [] });
  });

  it('is the keyframe itself when it says what a sample cannot: rows missing or extra, a new state, parent or exit', () => {
    const table = tableOf(row(1), row(2));
    expect(keyframeAsSample(table, keyframe(2, [row(1)]))).toBeNull();
    expect(keyframeAsSample(table, keyframe(2, [row(1), row(2), row(3)]))).toBeNull();
    expect(keyframeAsSample(table, keyframe(2, [row(1), row(4)]))).toBeNull();
    const zombie = keyframe(2, [row(1), row(2, { state: 'zombie', zombie: true })]);
    expect(keyframeAsSample(table, zombie)).toBeNull();
    expect(keyframeAsSample(table, keyframe(2, [row(1), row(2, { ppid: 7 })]))).toBeNull();
    const exit = { code: 1, signal: null, core: false, runMs: 5 };
    expect(keyframeAsSample(table, keyframe(2, [row(1), row(2, { exit, zombie: true, state: 'zombie' })]))).toBeNull();
    // The same exit again is no difference.
    expect(keyframeAsSample(tableOf(row(1, { exit })), keyframe(2, [row(1, { exit: { ...exit } })]))?.changes).toEqual([]);
  });
});

describe('the live stream as the views get it', () => {
  it('passes the first keyframe whole, then sends later ones as samples, and a keyframe after a missed event whole', () => {
    const views = new ViewDeltas();
    const first = keyframe(1, [row(1), row(2)]);
    expect(views.forViews([first])).toEqual([first]);
    const started: EngineEvent = { type: 'started', t: 2, process: row(3) };
    const second = keyframe(3, [row(1, { cpuPercent: 50 }), row(2), row(3)]);
    expect(views.forViews([started, second])).toEqual([started, { type: 'sample', t: 3, changes: [{ pid: 1, startTime: 101, cpuPercent: 50 }] }]);
    // Nothing changed: nothing to send.
    expect(views.forViews([keyframe(4, [row(1, { cpuPercent: 50 }), row(2), row(3)])])).toEqual([]);
    // Process 2 ended without an event the views saw: they get the table whole.
    const third = keyframe(5, [row(1), row(3)]);
    expect(views.forViews([third])).toEqual([third]);
  });

  it('starts over from what a reset sends', () => {
    const views = new ViewDeltas();
    views.forViews([keyframe(1, [row(1)])]);
    views.reset([keyframe(2, [row(5)])]);
    expect(views.forViews([keyframe(3, [row(5, { rssBytes: 1 })])])).toEqual([
      { type: 'sample', t: 3, changes: [{ pid: 5, startTime: 105, rssBytes: 1 }] },
    ]);
  });
});
