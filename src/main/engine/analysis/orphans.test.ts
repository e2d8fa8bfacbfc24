import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcess, readProcessTable } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { findNewOrphans, findOrphansWithoutHistory } from './orphans';
import { reaperPidsFromEnv } from './reapers';

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    if (readProcess(pid)?.name !== 'sleep') continue; // gone, or the pid was reused
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
});

function row(pid: number, ppid: number, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid,
    ppid,
    pgid: pid,
    sid: pid,
    name: `p${pid}`,
    cmd: '',
    state: 'sleeping',
    uid: 0,
    user: 'root',
    startTime: pid,
    startedAt: 0,
    cpuTimeMs: 0,
    rssBytes: 0,
    threads: 1,
    ...extra,
  };
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
    const previous = new Map([row(1, 0, { name: 'init' }), row(80, 1), row(81, 80)].map((r) => [`${r.pid}@${r.startTime}`, r]));
    const current = [row(1, 0, { name: 'init' }), row(81, 1)];
    expect([...findNewOrphans(previous, current, reapers)]).toEqual([['81@81', { pid: 80, name: 'p80' }]]);
  });

  it('with history: a subreaper named in FORKSCOPE_REAPER_PIDS counts as init', () => {
    const previous = new Map([row(500, 1), row(80, 500), row(81, 80)].map((r) => [`${r.pid}@${r.startTime}`, r]));
    const current = [row(500, 1), row(81, 500)];
    expect(findNewOrphans(previous, current, new Set([1, 500])).get('81@81')).toEqual({ pid: 80, name: 'p80' });
    expect(findNewOrphans(previous, current, new Set([1])).size).toBe(0);
  });

  it('on real processes: the child left by an exited session leader is an orphan; one that called setsid is not', async () => {
    // sh leads its own session, starts two sleeps (one in a new session of its own) and exits.
    const out = spawnSync('setsid', ['sh', '-c', 'sleep 30 >/dev/null 2>&1 & echo $!; setsid sleep 30 >/dev/null 2>&1 & echo $!'], {
      encoding: 'utf8',
    });
    const [left, daemon] = out.stdout.trim().split('\n').map(Number) as [number, number];
    leftovers.push(left, daemon);
    await waitFor('both asleep', () => [left, daemon].every((pid) => readProcess(pid)?.name === 'sleep' && readProcess(pid)?.sid !== null));
    await waitFor('the daemon in its own session', () => readProcess(daemon)?.sid === daemon);
    const reapers = reaperPidsFromEnv();
    const orphans = findOrphansWithoutHistory(readProcessTable(), reapers);
    expect(reapers.has(readProcess(left)!.ppid)).toBe(true);
    expect(orphans.has(left)).toBe(true);
    expect(orphans.has(daemon)).toBe(false);
    expect(orphans.has(process.pid)).toBe(false);
  });
});
