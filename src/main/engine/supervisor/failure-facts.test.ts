import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcess } from '../sampler';
import { supervisorPerTest } from './__fixtures__/per-test';

// The facts a failure carries are what the UI words it from (state/failure-text.ts): a failure without them is shown
// in the engine's English. Each case is a real failure of the supervisor.
const each = supervisorPerTest();
const linux = process.platform === 'linux';
if (!linux) console.log('thread facts test skipped: thread ids and /proc/PID/comm are Linux notions; this is', process.platform);

describe('failures carry the facts the UI words them by', () => {
  it('a command that is not found names the command', async () => {
    await expect(each.supervisor.spawn({ command: 'no-such-command-forkscope' })).rejects.toMatchObject({
      kind: 'invalid-request',
      facts: { name: 'no-such-command-forkscope', reason: 'not-found' },
    });
  });

  it('a working folder that is a file, or missing, names the path', async () => {
    const file = fileURLToPath(import.meta.url);
    await expect(each.supervisor.spawn({ command: 'ls', cwd: file })).rejects.toMatchObject({ facts: { path: file, reason: 'not-a-folder' } });
    const missing = '/nonexistent-forkscope-folder';
    await expect(each.supervisor.spawn({ command: 'ls', cwd: missing })).rejects.toMatchObject({ facts: { path: missing, reason: 'no-folder' } });
  });

  it('Forkscope itself and its parent are refused with the reason and the pid', async () => {
    await expect(each.supervisor.signal({ pid: process.pid, startTime: 0 }, 'SIGTERM')).rejects.toMatchObject({
      kind: 'refused',
      facts: { pid: process.pid, reason: 'self' },
    });
    await expect(each.supervisor.kill({ pid: process.ppid, startTime: 0 })).rejects.toMatchObject({
      kind: 'refused',
      facts: { pid: process.ppid, reason: 'ancestor' },
    });
  });

  it.skipIf(!linux)('a thread of a child names the thread, its process and its name', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['30'] });
    const tid = await waitFor('the child to have threads', () =>
      readdirSync(`/proc/${child!.pid}/task`)
        .map(Number)
        .find((t) => t !== child!.pid),
    );
    // The workload names itself (its comm) once it runs: the refusal names it by that name.
    await waitFor('the child to take its workload name', () => readFileSync(`/proc/${child!.pid}/comm`, 'utf8').trim() === 'sleep');
    const row = readProcess(tid);
    await expect(each.supervisor.signal({ pid: tid, startTime: row!.startTime }, 'SIGTERM')).rejects.toMatchObject({
      kind: 'refused',
      facts: { pid: tid, process: child!.pid, name: 'sleep', reason: 'thread' },
    });
  });
});
