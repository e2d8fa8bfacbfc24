import { describe, expect, it } from 'vitest';
import { processKey } from '../model';
import { findNewOrphans, findOrphansWithoutHistory, type OrphanCandidate } from './orphans';

function row(pid: number, ppid: number, extra: Partial<OrphanCandidate> = {}): OrphanCandidate {
  return { pid, ppid, pgid: pid, sid: pid, name: `p${pid}`, state: 'sleeping', startTime: pid, ...extra };
}
const reapers = new Set([1]);

describe('orphan detection', () => {
  it('without history: flags a child of init whose group or session leader is gone', () => {
    const rows = [row(1, 0, { name: 'init' }), row(50, 1, { pgid: 40, sid: 30 })];
    expect([...findOrphansWithoutHistory(rows, reapers)]).toEqual([50]);
  });

  it('without history: a deliberate daemon (its own session leader) is not an orphan', () => {
    const rows = [row(1, 0, { name: 'init' }), row(60, 1, { pgid: 60, sid: 60 })];
    expect(findOrphansWithoutHistory(rows, reapers).size).toBe(0);
  });

  it('without history: a child of a live ordinary parent is not an orphan', () => {
    const rows = [row(1, 0, { name: 'init' }), row(70, 1, { sid: 70 }), row(71, 70, { pgid: 99, sid: 98 })];
    expect(findOrphansWithoutHistory(rows, reapers).size).toBe(0);
  });

  it('with history: remembers the parent that ended', () => {
    const previous = new Map([row(1, 0, { name: 'init' }), row(80, 1), row(81, 80)].map((r) => [processKey(r), r]));
    const current = [row(1, 0, { name: 'init' }), row(81, 1)];
    expect([...findNewOrphans(previous, current, reapers)]).toEqual([['81@81', { pid: 80, name: 'p80' }]]);
  });

  it('with history: a subreaper named in FORKSCOPE_REAPER_PIDS counts as init', () => {
    const previous = new Map([row(500, 1), row(80, 500), row(81, 80)].map((r) => [processKey(r), r]));
    const current = [row(500, 1), row(81, 500)];
    expect(findNewOrphans(previous, current, new Set([1, 500])).get(processKey({ pid: 81, startTime: 81 }))).toEqual({ pid: 80, name: 'p80' });
    expect(findNewOrphans(previous, current, new Set([1])).size).toBe(0);
  });
});
