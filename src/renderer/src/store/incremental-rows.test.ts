import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { processInfo } from '../../../shared/__fixtures__/process-info';
import { parseFilter } from './filter';
import { IncrementalRows } from './incremental-rows';
import { LiveStore } from './live-store';
import type { SortKey } from './rows';
import { computeVisibleRows, type ViewOptions } from './visible-rows';

// A table of 300 processes in a tree of fan-out 6; each tick changes the CPU and memory of a few of them.
const T = Date.now();
const table = (): ProcessInfo[] =>
  Array.from({ length: 300 }, (_, i) =>
    processInfo(i + 1, i === 0 ? 0 : Math.floor(i / 6) + 1, `n${(i * 7) % 11}`, {
      cmd: `cmd ${i}`,
      user: i % 3 ? 'ada' : 'root',
      startedAt: i,
      startTime: i + 1,
      cpuPercent: i % 10,
      rssBytes: i * 100,
    }),
  );
const keyframe = (processes: ProcessInfo[]): EngineEvent => ({
  type: 'keyframe',
  t: T,
  snapshot: { takenAt: T, platform: 'linux', processes, zombies: [], orphans: [] },
});
/** A deterministic walk: tick n changes every 37th process from an offset, by amounts that reorder CPU sorts. */
const tick = (n: number): EngineEvent => ({
  type: 'sample',
  t: T + n * 1000,
  changes: Array.from({ length: 8 }, (_, j) => {
    const pid = ((n * 13 + j * 37) % 300) + 1;
    return { pid, startTime: pid, cpuPercent: (n * 31 + j * 17) % 97, rssBytes: ((n + j) % 5) * 1000 };
  }),
});
const view = (key: SortKey, tree: boolean, filter = ''): ViewOptions => ({
  tree,
  sort: { key, descending: key === 'cpu' },
  predicate: parseFilter(filter).predicate,
  collapsed: new Set(),
  onlyOwn: false,
  follow: null,
});

describe('IncrementalRows', () => {
  for (const [name, options] of [
    ['tree by pid', view('pid', true)],
    ['tree by CPU', view('cpu', true)],
    ['list by CPU', view('cpu', false)],
    ['list by memory, filtered by user', view('memory', false, 'user:ada')],
    ['tree by name', view('name', true)],
  ] as const) {
    it(`${name}: after every tick, the same rows as building them afresh`, () => {
      const store = new LiveStore();
      store.apply([keyframe(table())]);
      const incremental = new IncrementalRows();
      for (let n = 1; n <= 40; n++) {
        store.apply([tick(n)]);
        expect(incremental.rows(store, options)).toEqual(computeVisibleRows(store, options));
      }
    });
  }

  it('a tick that changes metrics only keeps the array and every row object, the changed row holding its new process', () => {
    const store = new LiveStore();
    store.apply([keyframe(table())]);
    const incremental = new IncrementalRows();
    const options = view('pid', true);
    const before = incremental.rows(store, options);
    const objects = [...before];
    const others = before.filter((r) => r.process.pid !== 5).map((r) => r.process);
    store.apply([{ type: 'sample', t: T + 1000, changes: [{ pid: 5, startTime: 5, cpuPercent: 50 }] }]);
    const after = incremental.rows(store, options);
    expect(after).toBe(before);
    expect(after.every((row, i) => row === objects[i])).toBe(true);
    expect(after.find((r) => r.process.pid === 5)?.process).toBe(store.table.get('5@5'));
    expect(after.find((r) => r.process.pid === 5)?.process.cpuPercent).toBe(50);
    expect(after.filter((r) => r.process.pid !== 5).every((r, i) => r.process === others[i])).toBe(true);
  });

  it('a tick in which nothing shown changed returns the very same array', () => {
    const store = new LiveStore();
    store.apply([keyframe(table())]);
    const incremental = new IncrementalRows();
    const options = view('pid', true, 'user:root');
    const before = incremental.rows(store, options);
    store.apply([{ type: 'sample', t: T + 1000, changes: [] }]);
    expect(incremental.rows(store, options)).toBe(before);
  });

  it('a process that starts or ends builds the rows again, keeping the objects of the rows that did not change', () => {
    const store = new LiveStore();
    store.apply([keyframe(table())]);
    const incremental = new IncrementalRows();
    const options = view('pid', true);
    const before = incremental.rows(store, options);
    const child = processInfo(999, 1, 'new', { startTime: 999, startedAt: 999 });
    store.apply([{ type: 'started', t: T + 10, process: child }]);
    const after = incremental.rows(store, options);
    expect(after).toEqual(computeVisibleRows(store, options));
    expect(after.map((r) => r.process.pid)).toContain(999);
    // Process 1 gained a child (still hasChildren), so its row object is kept, like every other unchanged row.
    expect(after.filter((r) => r.process.pid !== 999).every((r) => before.includes(r))).toBe(true);
  });

  it('a sample that makes a process match the filter, or stop matching, shows in the rows', () => {
    const store = new LiveStore();
    store.apply([keyframe(table())]);
    const incremental = new IncrementalRows();
    const options = view('pid', false, 'name:python');
    expect(incremental.rows(store, options)).toEqual([]);
    // A sample carries a new name when an exec gave the process one since the last tick.
    store.apply([{ type: 'sample', t: T + 1000, changes: [{ pid: 7, startTime: 7, name: 'python3' }] }]);
    expect(incremental.rows(store, options).map((r) => r.process.pid)).toEqual([7]);
    store.apply([{ type: 'sample', t: T + 2000, changes: [{ pid: 7, startTime: 7, name: 'sh' }] }]);
    expect(incremental.rows(store, options)).toEqual([]);
  });
});
