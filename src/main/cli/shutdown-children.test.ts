import { describe, expect, it } from 'vitest';
import { waitFor } from '../test-support/wait-for';
import { call, serveAndConnect, startForkscope, stopWith, tagged } from './__fixtures__/tagged-forkscope';

const linux = process.platform === 'linux';
if (!linux) console.log('shutdown children: finding leftovers by their tag needs /proc; skipped on', process.platform);

const running = (tag: string, cmd: string): boolean => tagged(tag).some((p) => p.cmd === cmd);

describe.skipIf(!linux)('a clean shutdown of serve', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: an attached child goes with its whole subtree, a detached one stays`, async () => {
      const { tag, child, ws } = await serveAndConnect();
      const attached = await call(ws, 1, 'supervisor:spawn', { command: 'sh', args: ['-c', 'sleep 304 & sleep 305 & wait'] });
      expect(attached).toMatchObject({ ok: true });
      const detached = await call(ws, 2, 'supervisor:spawn', { command: 'sleep', args: ['306'], mode: 'detached' });
      expect(detached).toMatchObject({ ok: true });
      await waitFor('both background sleeps', () => running(tag, 'sleep 304') && running(tag, 'sleep 305'));
      ws.close();
      await stopWith(child, signal);
      await waitFor('the attached shell and both its sleeps to be gone', () => !tagged(tag).some((p) => /^sh -c|^sleep 30[45]$/.test(p.cmd)), 5000);
      // Detached means outliving Forkscope: it is still there (and the fixture's clean-up ends it).
      expect(running(tag, 'sleep 306')).toBe(true);
    });
  }
});

describe.skipIf(!linux)('forkscope run SIGKILLed', () => {
  it('ends its command and the command’s children through the watchdog', async () => {
    const { tag, child } = startForkscope(['run', '--', 'sh', '-c', 'sleep 307 & exec sleep 308']);
    await waitFor('the command and its child', () => running(tag, 'sleep 307') && running(tag, 'sleep 308'), 10_000);
    await stopWith(child, 'SIGKILL');
    await waitFor('both sleeps and the watchdog to be gone', () => tagged(tag).length === 0, 5000);
  });

  it('--mode detached still outlives it, as documented', async () => {
    const { tag, child } = startForkscope(['run', '--mode', 'detached', '--', 'sleep', '309']);
    await waitFor('the detached command', () => running(tag, 'sleep 309'), 10_000);
    await stopWith(child, 'SIGKILL');
    // Give a watchdog, were there one guarding it, the time it takes to act.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(running(tag, 'sleep 309')).toBe(true);
  });
});
