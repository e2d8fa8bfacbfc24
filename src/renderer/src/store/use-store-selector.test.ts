import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import { LiveStore } from './live-store';
import { fieldsEqual, shallowEqual } from './shallow-equal';
import { cachedSelector } from './use-store-selector';

const p = (pid: number, cpuPercent: number): ProcessInfo => ({
  pid,
  ppid: 1,
  name: `n${pid}`,
  cmd: `n${pid}`,
  state: 'sleeping',
  user: null,
  startedAt: pid,
  startTime: pid,
  cpuPercent,
  rssBytes: 0,
  zombie: false,
  orphan: false,
});

describe('shallowEqual and fieldsEqual', () => {
  it('compare one level deep', () => {
    const row = { a: 1 };
    expect(shallowEqual([row, 2], [row, 2])).toBe(true);
    expect(shallowEqual([{ a: 1 }], [{ a: 1 }])).toBe(false);
    expect(shallowEqual({ x: row, y: 'z' }, { x: row, y: 'z' })).toBe(true);
    expect(shallowEqual({ x: 1 }, { x: 1, y: undefined })).toBe(false);
    expect(shallowEqual([1], { 0: 1 })).toBe(false);
    expect(shallowEqual(new Map(), new Map())).toBe(false); // only plain objects and arrays
    expect(fieldsEqual({ list: [row], n: 1 }, { list: [row], n: 1 })).toBe(true);
    expect(fieldsEqual({ list: [row], n: 1 }, { list: [row, row], n: 1 })).toBe(false);
  });
});

describe('cachedSelector', () => {
  it('reads the store once per batch of events, and keeps the same answer while it is equal', () => {
    const store = new LiveStore();
    store.apply([{ type: 'keyframe', t: 1, snapshot: { takenAt: 1, platform: 'linux', processes: [p(2, 0), p(3, 0)], zombies: [], orphans: [] } }]);
    let reads = 0;
    const busy = cachedSelector(store, (s) => (reads++, s.table.processes().filter((x) => (x.cpuPercent ?? 0) > 50)), shallowEqual);
    const first = busy();
    expect(busy()).toBe(first);
    expect(reads).toBe(1);
    // Another process changes: the answer (no busy process) is equal, so it is the same array.
    store.apply([{ type: 'sample', t: 2, changes: [{ pid: 3, startTime: 3, cpuPercent: 10 }] }]);
    expect(busy()).toBe(first);
    expect(reads).toBe(2);
    store.apply([{ type: 'sample', t: 3, changes: [{ pid: 2, startTime: 2, cpuPercent: 90 }] }]);
    expect(busy().map((x) => x.pid)).toEqual([2]);
  });
});
