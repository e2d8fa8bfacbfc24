import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../../shared/events';
import { waitFor } from '../../test-support/wait-for';
import { isAlive } from './__fixtures__/alive';
import { supervisorPerTest } from './__fixtures__/per-test';
import { Supervisor } from './supervisor';

const each = supervisorPerTest();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function record(supervisor: Supervisor): SupervisorEvent[] {
  const events: SupervisorEvent[] = [];
  supervisor.onEvent((e) => events.push(e));
  return events;
}
const ofType = <T extends SupervisorEvent['type']>(events: SupervisorEvent[], type: T) =>
  events.filter((e): e is Extract<SupervisorEvent, { type: T }> => e.type === type);

/** A shell that fails (exit 1) on its first run and then sleeps: a restart that "fixes" it, as a flaky service. */
function failsOnce(): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'forkscope-restart-'));
  folders.push(folder);
  const flag = join(folder, 'ran');
  return ['-c', `if [ -e '${flag}' ]; then exec sleep 30; else touch '${flag}'; exit 1; fi`];
}

describe('restart policy', () => {
  it('restarts a child that exits non-zero, with doubling back-off, until the limit, and says so', async () => {
    const events = record(each.supervisor);
    const [first] = await each.supervisor.spawn({
      command: 'sh',
      args: ['-c', 'exit 2'],
      restart: { when: 'on-failure', backoffMs: 50, maxBackoffMs: 5000, maxRestarts: 3, windowMs: 60_000 },
    });
    const ended = await waitFor('the policy to end at its limit', () => ofType(events, 'restart-ended')[0], 10_000);
    expect(ended).toMatchObject({ reason: 'limit', restarts: 3 });
    expect(ended.message).toMatch(/exited with code 2 and was restarted 3 times within 60 s.*restart\.maxRestarts 3 per restart\.windowMs 60000/);

    const scheduled = ofType(events, 'restart-scheduled');
    expect(scheduled.map((e) => [e.attempt, e.delayMs, e.reason])).toEqual([
      [1, 50, 'exited with code 2'],
      [2, 100, 'exited with code 2'],
      [3, 200, 'exited with code 2'],
    ]);
    const restarted = ofType(events, 'restarted');
    expect(restarted.map((e) => e.restarts)).toEqual([1, 2, 3]);
    // Each run is a real new process, started after its predecessor's exit and back-off (timers may fire a ms early).
    const spawned = ofType(events, 'spawned');
    expect(spawned.map((e) => e.pid)).toEqual([first!.pid, ...restarted.map((e) => e.pid)]);
    expect(new Set(spawned.map((e) => `${e.pid}@${e.startTime}`)).size).toBe(4);
    const exited = ofType(events, 'exited');
    expect(exited.map((e) => e.code)).toEqual([2, 2, 2, 2]);
    restarted.forEach((r, i) => {
      expect(r.previous).toEqual({ pid: exited[i]!.pid, startTime: exited[i]!.startTime });
      expect(r.t - exited[i]!.t).toBeGreaterThanOrEqual(scheduled[i]!.delayMs - 2);
    });
    expect(each.supervisor.children().map((c) => c.restarts)).toEqual([0, 1, 2, 3]);
  });

  it('leaves a clean exit alone under on-failure, and restarts it under always', async () => {
    const events = record(each.supervisor);
    const [clean] = await each.supervisor.spawn({ command: 'true', restart: { when: 'on-failure', backoffMs: 50 } });
    await each.supervisor.join(clean!);
    await each.supervisor.spawn({ command: 'true', restart: { when: 'always', backoffMs: 50, maxRestarts: 1 } });
    await waitFor('the always policy to reach its limit', () => ofType(events, 'restart-ended')[0], 10_000);
    await sleep(150);
    expect(ofType(events, 'restarted')).toHaveLength(1);
    expect(ofType(events, 'restart-scheduled').every((e) => e.pid !== clean!.pid)).toBe(true);
  });

  it('never restarts what the person signals or kills, even under always', async () => {
    const events = record(each.supervisor);
    const [signalled] = await each.supervisor.spawn({ command: 'sleep', args: ['30'], restart: { when: 'always', backoffMs: 50 } });
    const [killed] = await each.supervisor.spawn({ command: 'sleep', args: ['30'], restart: { when: 'always', backoffMs: 50 } });
    // A pause and a continue are not an end: the policy holds through them.
    await each.supervisor.signal(signalled!, 'SIGSTOP');
    await each.supervisor.signal(signalled!, 'SIGCONT');
    expect(ofType(events, 'restart-ended')).toHaveLength(0);
    await each.supervisor.signal(signalled!, 'SIGTERM');
    await each.supervisor.kill(killed!, { tree: true, graceMs: 500 });
    await each.supervisor.join(signalled!);
    await each.supervisor.join(killed!);
    await sleep(300);
    expect(ofType(events, 'restart-ended').map((e) => [e.pid, e.reason])).toEqual([
      [signalled!.pid, 'user'],
      [killed!.pid, 'user'],
    ]);
    expect(ofType(events, 'restart-scheduled')).toHaveLength(0);
    expect(ofType(events, 'spawned')).toHaveLength(2);
  });

  it('starts nothing once shutting down, and ends a restarted child with the rest', async () => {
    const supervisor = new Supervisor();
    const events = record(supervisor);
    try {
      // Runs again after its failure, and the new run sleeps: dispose must end the restarted process.
      await supervisor.spawn({ command: 'sh', args: failsOnce(), restart: { when: 'on-failure', backoffMs: 50 } });
      const second = await waitFor('the restart', () => ofType(events, 'restarted')[0], 10_000);
      expect(isAlive(second)).toBe(true);
      // One whose restart is still waiting its back-off when dispose comes.
      await supervisor.spawn({ command: 'sh', args: ['-c', 'exit 1'], restart: { when: 'always', backoffMs: 400 } });
      await waitFor('the second restart to be scheduled', () => ofType(events, 'restart-scheduled').length === 2);
      await supervisor.dispose(200);
      expect(isAlive(second)).toBe(false);
      await sleep(600);
      expect(ofType(events, 'spawned')).toHaveLength(3);
      expect(ofType(events, 'restart-ended').map((e) => e.reason)).toEqual(['shutdown', 'shutdown']);
    } finally {
      await supervisor.dispose(200);
    }
  });

  it('ends the policy when the command cannot be started again', async () => {
    const events = record(each.supervisor);
    const folder = mkdtempSync(join(tmpdir(), 'forkscope-restart-cwd-'));
    folders.push(folder);
    // The working folder is gone by the time the restart comes.
    await each.supervisor.spawn({
      command: 'sh',
      args: ['-c', `rmdir '${folder}'; exit 3`],
      cwd: folder,
      restart: { when: 'on-failure', backoffMs: 50 },
    });
    const ended = await waitFor('the policy to end', () => ofType(events, 'restart-ended')[0], 10_000);
    expect(ended.reason).toBe('failed');
    expect(ended.message).toMatch(/could not be started again.*cwd .* does not exist/);
    expect(ofType(events, 'restarted')).toHaveLength(0);
  });
});
