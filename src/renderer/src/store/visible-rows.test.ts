import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { processInfo } from '../../../shared/__fixtures__/process-info';
import { parseFilter } from './filter';
import { LiveStore } from './live-store';
import { computeVisibleRows, liveProcess, RowFreezer, type ViewOptions } from './visible-rows';

const p = (pid: number, ppid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo =>
  processInfo(pid, ppid, `n${pid}`, { cmd: `cmd${pid}`, user: 'ada', startedAt: pid, cpuPercent: pid, rssBytes: 0, ...extra });
// Events of now: an ended process lingers for LIFETIME_CUE_MS of wall-clock time.
const T = Date.now();
const keyframe = (processes: ProcessInfo[]): EngineEvent => ({
  type: 'keyframe',
  t: T,
  snapshot: { takenAt: T, platform: 'linux', processes, zombies: [], orphans: [] },
});
const cpu = (pid: number, cpuPercent: number): EngineEvent => ({ type: 'sample', t: T + cpuPercent, changes: [{ pid, startTime: pid, cpuPercent }] });
const byCpu: ViewOptions = {
  tree: false,
  sort: { key: 'cpu', descending: true },
  predicate: parseFilter('').predicate,
  collapsed: new Set(),
  onlyOwn: false,
  follow: null,
};
const order = (rows: { process: ProcessInfo }[]) => rows.map((r) => r.process.pid);

function storeWith(processes: ProcessInfo[]): LiveStore {
  const store = new LiveStore();
  store.apply([keyframe(processes)]);
  return store;
}

describe('RowFreezer', () => {
  it('live: computes the rows afresh each time', () => {
    const store = storeWith([p(1, 0), p(2, 1), p(3, 1)]);
    const freezer = new RowFreezer();
    expect(order(freezer.rows('live', store, () => computeVisibleRows(store, byCpu)))).toEqual([3, 2, 1]);
    store.apply([cpu(1, 90)]);
    expect(order(freezer.rows('live', store, () => computeVisibleRows(store, byCpu)))).toEqual([1, 3, 2]);
  });

  it('hold-order (the pointer is over the tree): keeps the order, with each row showing its process as it is now', () => {
    const store = storeWith([p(1, 0), p(2, 1), p(3, 1)]);
    const freezer = new RowFreezer();
    freezer.rows('live', store, () => computeVisibleRows(store, byCpu));
    store.apply([cpu(1, 90)]);
    const held = freezer.rows('hold-order', store, () => computeVisibleRows(store, byCpu));
    expect(order(held)).toEqual([3, 2, 1]);
    expect(liveProcess(store, held[2]!, 'order').cpuPercent).toBe(90);
  });

  it('hold-order keeps the last known row of a process that is gone', () => {
    const store = storeWith([p(1, 0), p(2, 1)]);
    const freezer = new RowFreezer();
    freezer.rows('live', store, () => computeVisibleRows(store, byCpu));
    store.apply([{ type: 'ended', t: T + 5, pid: 2, startTime: 2, ppid: 1, name: 'n2' }]);
    const held = freezer.rows('hold-order', store, () => computeVisibleRows(store, byCpu));
    expect(order(held)).toEqual([2, 1]);
  });

  it('hold-order shows the end of a process that ended, never its last running state, long after the lingering cue', () => {
    const store = storeWith([p(1, 0), p(2, 1)]);
    const freezer = new RowFreezer();
    freezer.rows('live', store, () => computeVisibleRows(store, byCpu));
    store.apply([
      { type: 'exit', t: T + 1, pid: 2, startTime: 2, ppid: 1, name: 'n2', code: 2, signal: null, core: false, runMs: 5 },
      { type: 'ended', t: T + 5, pid: 2, startTime: 2, ppid: 1, name: 'n2' },
    ]);
    store.ended.clear();
    const gone = liveProcess(store, freezer.rows('hold-order', store, () => computeVisibleRows(store, byCpu))[0]!, 'order');
    expect(gone).toMatchObject({ pid: 2, state: 'dead', zombie: false, cpuPercent: null, rssBytes: null, exit: { code: 2 } });
  });

  it('hold-all (paused): returns the very rows it last gave, values included, without computing', () => {
    const store = storeWith([p(1, 0), p(2, 1)]);
    const freezer = new RowFreezer();
    const before = freezer.rows('live', store, () => computeVisibleRows(store, byCpu));
    store.apply([cpu(1, 90)]);
    let computed = 0;
    const held = freezer.rows('hold-all', store, () => (computed++, computeVisibleRows(store, byCpu)));
    expect(held).toBe(before);
    expect(held[1]!.process.cpuPercent).toBe(1);
    expect(computed).toBe(0);
  });

  it('hold-all after hold-order: the rows hold the values shown when the pause began, not those of the hold-order start', () => {
    const store = storeWith([p(1, 0), p(2, 1)]);
    const freezer = new RowFreezer();
    freezer.rows('live', store, () => computeVisibleRows(store, byCpu));
    freezer.rows('hold-order', store, () => computeVisibleRows(store, byCpu));
    store.apply([cpu(1, 90)]);
    const paused = freezer.rows('hold-all', store, () => computeVisibleRows(store, byCpu));
    store.apply([cpu(1, 40)]);
    expect(order(paused)).toEqual([2, 1]);
    expect(liveProcess(store, paused[1]!, 'all').cpuPercent).toBe(90);
  });

  it('holds nothing before it has shown rows once', () => {
    const store = storeWith([p(1, 0)]);
    expect(order(new RowFreezer().rows('hold-all', store, () => computeVisibleRows(store, byCpu)))).toEqual([1]);
    expect(order(new RowFreezer().rows('hold-order', store, () => computeVisibleRows(store, byCpu)))).toEqual([1]);
  });
});

describe('computeVisibleRows', () => {
  it('shows a process that just ended beside the live ones, while it lingers', () => {
    const store = storeWith([p(1, 0), p(2, 1)]);
    store.apply([{ type: 'ended', t: T + 5, pid: 2, startTime: 2, ppid: 1, name: 'n2' }]);
    // It has no CPU reading any more (it shows its end), so by CPU it comes last.
    expect(order(computeVisibleRows(store, byCpu))).toEqual([1, 2]);
    expect(computeVisibleRows(store, byCpu)[1]!.process.state).toBe('dead');
  });

  it('only what Forkscope started: its children and their descendants', () => {
    const store = storeWith([p(1, 0), p(2, 1), p(3, 2), p(4, 1)]);
    const child = p(2, 1);
    store.apply([
      { type: 'spawned', t: T, pid: 2, startTime: 2, name: 'n2', ppid: 1, mode: 'attached', command: 'n2', args: [], logFile: null, process: child },
    ]);
    expect(order(computeVisibleRows(store, { ...byCpu, onlyOwn: true }))).toEqual([3, 2]);
  });

  it('follow: the subtree of the followed process only', () => {
    const store = storeWith([p(1, 0), p(2, 1), p(3, 2), p(4, 1)]);
    expect(order(computeVisibleRows(store, { ...byCpu, follow: '2@2' }))).toEqual([3, 2]);
  });
});
