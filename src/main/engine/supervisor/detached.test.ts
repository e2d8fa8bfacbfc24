import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { isReaper } from '../../../shared/analysis/reapers';
import { reaperPidsFromEnv } from '../analysis/reapers';
import { readProcess } from '../sampler';
import { killLeftovers, type Identity } from './__fixtures__/alive';
import { startOwner } from './__fixtures__/run-owner';

const started: Identity[] = [];
const logFiles: string[] = [];
afterEach(() => {
  killLeftovers(started);
  for (const file of logFiles.splice(0)) rmSync(file, { force: true });
});

describe('detached children', () => {
  it('outlive their owner in a session of their own, re-parented to a reaper, output in a log file', async () => {
    const owner = await startOwner([{ mode: 'detached', command: 'sh', args: ['-c', 'echo hello from the detached child; exec sleep 30'] }], 'exit');
    const child = owner.children[0]!;
    started.push(child);
    if (child.logFile) logFiles.push(child.logFile);
    // The owner disposed its supervisor and exited normally: detached children are not its to end.
    expect(await owner.exited).toEqual({ code: 0, signal: null });

    const row = await waitFor('the child to be re-parented', () => {
      const now = readProcess(child.pid);
      return now && now.startTime === child.startTime && now.ppid !== owner.pid && now;
    });
    expect(row.state).not.toBe('zombie');
    expect(row.sid).toBe(child.pid);
    const adopter = readProcess(row.ppid);
    expect(isReaper({ pid: row.ppid, name: adopter?.name ?? '' }, reaperPidsFromEnv())).toBe(true);
    await waitFor('the log line', () => readFileSync(child.logFile!, 'utf8').includes('hello from the detached child'));
  });
});
