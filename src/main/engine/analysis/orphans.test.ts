import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcess, readProcessTable } from '../sampler';
import { findOrphansWithoutHistory } from '../../../shared/analysis/orphans';
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

describe('orphan detection', () => {
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
