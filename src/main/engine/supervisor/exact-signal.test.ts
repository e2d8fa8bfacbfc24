import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readProcess, Sampler } from '../sampler';
import { waitFor } from '../../test-support/wait-for';
import { supervisorPerTest } from './__fixtures__/per-test';
import { isAlive } from './__fixtures__/alive';
import { pidfdSupport } from './exact-signal';
import { heldIdentityCount, heldPidfd, isIdentityDead } from './identities';

const each = supervisorPerTest();
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

/** Why the reuse test cannot run here (printed), or null. */
function reuseUnavailable(): string | null {
  if (process.platform !== 'linux') return 'pid reuse is staged through Linux /proc/sys/kernel/ns_last_pid';
  const support = pidfdSupport();
  if (!support.ok) return `no pidfds here (${support.reason})`;
  if (process.getuid?.() !== 0) return 'writing /proc/sys/kernel/ns_last_pid needs root';
  return null;
}

const unavailable = reuseUnavailable();
if (unavailable) process.stdout.write(`pid reuse test skipped: ${unavailable}\n`);
const pidfds = pidfdSupport();
if (pidfds.ok !== true) process.stdout.write(`pidfd tests skipped: this kernel or libc has no pidfds (${JSON.stringify(pidfds)})\n`);

describe('signals through pidfds', () => {
  it.skipIf(unavailable !== null)(
    'refuses the old target when a newcomer took its pid within the same clock tick (same pid and start time)',
    async () => {
      // A child of the supervisor exits at once; in its exit callback the kernel is told to hand out its pid next,
      // and a stranger starts. Other processes on the machine may take the pid first, or the clock may tick: retry.
      let reused: { old: { pid: number; startTime: number }; newcomer: ChildProcess } | null = null;
      let attempts = 0;
      for (; attempts < 150 && !reused; attempts++) {
        const exited = new Promise<ChildProcess | null>((resolve) => {
          const stop = each.supervisor.onEvent((event) => {
            if (event.type !== 'exited') return;
            stop();
            writeFileSync(NS_LAST_PID, String(event.pid - 1));
            resolve(spawn('sleep', ['30'], { stdio: 'ignore' }));
          });
        });
        const [old] = await each.supervisor.spawn({ command: 'sh', args: ['-c', 'exit 0'] });
        const newcomer = (await exited)!;
        const row = newcomer.pid === old!.pid ? readProcess(newcomer.pid) : null;
        if (row && row.startTime === old!.startTime) reused = { old: old!, newcomer };
        else {
          newcomer.kill('SIGKILL');
          await new Promise((resolve) => newcomer.once('exit', resolve));
        }
      }
      expect(reused, 'a pid reused within one clock tick (150 attempts)').not.toBeNull();
      const { old, newcomer } = reused!;
      process.stdout.write(`pid ${old.pid} reused with the same start time after ${attempts} attempt(s)\n`);
      try {
        each.started.push({ pid: newcomer.pid!, startTime: old.startTime });
        // pid + start time alone cannot tell them apart: the death Forkscope saw does.
        expect(isIdentityDead(old)).toBe(true);
        await expect(each.supervisor.signal(old, 'SIGTERM')).rejects.toMatchObject({ kind: 'pid-reused' });
        await expect(each.supervisor.kill(old, { tree: true, graceMs: 100 })).rejects.toMatchObject({ kind: 'pid-reused' });
        expect(isAlive({ pid: newcomer.pid!, startTime: old.startTime })).toBe(true);
      } finally {
        newcomer.kill('SIGKILL');
      }
    },
    60_000,
  );

  it.skipIf(pidfds.ok !== true)('holds a pidfd from the first sighting of each child and lets it go at the exit', async () => {
    const before = heldIdentityCount();
    const [child] = await each.supervisor.spawn({ command: 'sleep', args: ['30'] });
    expect(heldIdentityCount()).toBe(before + 1);
    await each.supervisor.signal(child!, 'SIGTERM');
    const exit = await each.supervisor.join(child!, 5000);
    expect(exit).toMatchObject({ timedOut: false, signal: 'SIGTERM' });
    expect(heldIdentityCount()).toBe(before);
    expect(isIdentityDead(child!)).toBe(true);
  });

  it.skipIf(pidfds.ok !== true)(
    'with kernel events on, holds a pidfd for a process a fork event announced, and lets it go at its exit event',
    async () => {
      const sampler = new Sampler({ intervalMs: 200 });
      try {
        await sampler.nextTick();
        const mode = sampler.lifecycle();
        if (mode?.mode !== 'events') {
          process.stdout.write(`fork-event pidfd test skipped: lifecycle is ${mode?.mode ?? 'unknown'} (${mode?.reason ?? 'no probe'})\n`);
          return;
        }
        void each.supervisor; // the supervisor follows the kernel's notices from its construction
        const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
        const row = await waitFor('the stranger in /proc', () => readProcess(stranger.pid!));
        each.started.push(row);
        await waitFor('a pidfd held for it from its fork event', () => heldPidfd(row) !== undefined);
        stranger.kill('SIGKILL');
        await waitFor('its identity dead at its exit event', () => isIdentityDead(row) && heldPidfd(row) === undefined);
      } finally {
        await sampler.stop();
      }
    },
  );
});
