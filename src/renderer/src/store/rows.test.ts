import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import { processInfo } from '../../../shared/__fixtures__/process-info';
import { parseFilter } from './filter';
import { buildRows } from './rows';

const p = (pid: number, ppid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo =>
  processInfo(pid, ppid, `n${pid}`, { cmd: `cmd${pid}`, user: 'ada', startedAt: pid, cpuPercent: 0, rssBytes: pid * 10, ...extra });
const table = [
  p(1, 0, { name: 'init', user: 'root' }),
  p(10, 1, { name: 'python3', cpuPercent: 50 }),
  p(11, 10, { state: 'zombie', zombie: true }),
  p(12, 10, { cpuPercent: 5 }),
  p(20, 1, { name: 'sshd', user: 'root' }),
];
const all = parseFilter('').predicate;

describe('filter language', () => {
  it('matches words and key:value terms, negation included', () => {
    const pids = (text: string) => table.filter((x) => parseFilter(text).predicate(x)).map((x) => x.pid);
    expect(pids('state:zombie')).toEqual([11]);
    expect(pids('user:root')).toEqual([1, 20]);
    expect(pids('pid:12')).toEqual([12]);
    expect(pids('name:PYTH')).toEqual([10]);
    expect(pids('python')).toEqual([10]);
    expect(pids('-user:root')).toEqual([10, 11, 12]);
    expect(pids('user:ada ppid:10')).toEqual([11, 12]);
    expect(parseFilter('colour:red').errors[0]).toMatch(/unknown filter key "colour"/);
  });
});

describe('buildRows', () => {
  it('builds the tree with siblings sorted by the chosen column', () => {
    const rows = buildRows(table, { tree: true, sort: { key: 'cpu', descending: true }, predicate: all, collapsed: new Set() });
    expect(rows.map((r) => [r.process.pid, r.depth])).toEqual([
      [1, 0],
      [10, 1],
      [12, 2],
      [11, 2],
      [20, 1],
    ]);
  });

  it('keeps the ancestors of a match as context', () => {
    const rows = buildRows(table, {
      tree: true,
      sort: { key: 'pid', descending: false },
      predicate: parseFilter('state:zombie').predicate,
      collapsed: new Set(),
    });
    expect(rows.map((r) => [r.process.pid, r.context])).toEqual([
      [1, true],
      [10, true],
      [11, false],
    ]);
  });

  it('hides the children of a collapsed process', () => {
    const rows = buildRows(table, { tree: true, sort: { key: 'pid', descending: false }, predicate: all, collapsed: new Set(['10@10']) });
    expect(rows.map((r) => r.process.pid)).toEqual([1, 10, 20]);
    expect(rows[1]).toMatchObject({ hasChildren: true, expanded: false });
  });

  it('sorts a flat list', () => {
    const rows = buildRows(table, { tree: false, sort: { key: 'memory', descending: true }, predicate: all, collapsed: new Set() });
    expect(rows.map((r) => r.process.pid)).toEqual([20, 12, 11, 10, 1]);
  });
});
