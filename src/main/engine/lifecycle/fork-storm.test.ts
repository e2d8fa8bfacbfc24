import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SamplerEvent } from '../../../shared/events';
import { appRoot } from '../../paths';
import { pythonExecutable, pythonOrSkip } from '../../test-support/python';
import { waitFor } from '../../test-support/wait-for';
import { readProcessTable, Sampler } from '../sampler';

// 20,000 processes in a few seconds into a receive buffer of 4 KiB: the kernel drops messages. Its own
// file, so nothing else runs beside it (the suite runs one file at a time).
let sampler: Sampler | undefined;
let storm: ReturnType<typeof spawn> | undefined;
afterEach(async () => {
  storm?.kill('SIGTERM');
  await sampler?.stop();
});

describe('a fork storm with a receive buffer too small for it', () => {
  it('counts the lost events, keeps going, and after the resync the storm subtree equals /proc', { timeout: 180_000 }, async () => {
    if (!pythonOrSkip()) return;
    sampler = new Sampler({ intervalMs: 500, receiveBufferBytes: 4096 });
    const events: SamplerEvent[] = [];
    sampler.onEvents((batch) => events.push(...batch));
    await sampler.nextTick();
    expect(sampler.lifecycle()?.mode).toBe('events');
    // 20,000 forks as fast as the machine allows; 40 of them stay asleep until the storm is ended.
    storm = spawn(pythonExecutable(), [join(appRoot(), 'bench', 'fixtures', 'fork_storm.py'), '0', '0', '20000', '40'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    storm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = await waitFor(
      'the storm to finish',
      () => (output.includes('\n') ? (JSON.parse(output) as { started: number; kept: number[] }) : undefined),
      120_000,
      100,
    );
    expect(done.started).toBe(20_000);
    const lost = events.filter((e) => e.type === 'events-lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.at(-1)).toMatchObject({ total: expect.any(Number) });
    // Resync: two full ticks after the storm (which is still now), the table's children of the storm are exactly /proc's.
    await sampler.nextTick();
    const table = await sampler.nextTick();
    const inTable = table.processes.filter((p) => p.ppid === storm!.pid).map((p) => p.pid);
    const inProc = readProcessTable()
      .filter((p) => p.ppid === storm!.pid)
      .map((p) => p.pid);
    expect(inTable.sort()).toEqual(inProc.sort());
    // The 40 sleepers, and any last children the storm had not reaped yet when it stopped (zombies, also in both).
    expect(inProc).toEqual(expect.arrayContaining(done.kept));
    process.stdout.write(`fork storm: ${done.started} started, ${(lost.at(-1) as { total: number }).total} kernel events lost and counted\n`);
  });
});
