import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descendantsOf } from '../../shared/analysis/tree';
import { dispatchCommand } from './dispatch';
import { Engine, type EngineOptions } from './engine';
import { readProcessTable } from './sampler';

// Real engines with their settings in a folder of their own; every limit is checked through the contract.
const engines: Engine[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  delete process.env.FORKSCOPE_CONFIG_DIR;
});

function engineWith(options: Partial<EngineOptions> = {}, settings?: object): Engine {
  const folder = mkdtempSync(join(tmpdir(), 'forkscope-limits-test-'));
  folders.push(folder);
  if (settings) writeFileSync(join(folder, 'settings.json'), JSON.stringify(settings));
  process.env.FORKSCOPE_CONFIG_DIR = folder;
  const engine = new Engine({ shell: 'host', ...options });
  engines.push(engine);
  return engine;
}

const running = (): number => descendantsOf(readProcessTable(), process.pid).filter((row) => row.state !== 'zombie').length;
const refusedFor = (key: string, flag: string) => ({
  ok: false,
  error: { kind: 'refused', message: expect.stringMatching(new RegExp(`over the limit of \\d+.*settings key limits\\.${key}, or serve ${flag} N`)) },
});

describe('limits on what one Forkscope runs at once', () => {
  it('processes: counts whole subtrees (a fork-tree is 7), refuses what would go over, names key and flag', async () => {
    const engine = engineWith();
    const call = (request: object) => dispatchCommand(engine, 'supervisor:spawn', request);
    // One guarded workload first, so the watchdog runs and is counted in what is already running.
    expect(await call({ workload: 'sleep', args: ['30'] })).toMatchObject({ ok: true });
    writeFileSync(join(process.env.FORKSCOPE_CONFIG_DIR!, 'settings.json'), JSON.stringify({ limits: { maxProcesses: running() + 8 } }));
    // 1 + 2 + 4 processes of fork-tree 2 × 2 (counted as it will be, before it has forked them all), then one sleep.
    expect(await call({ workload: 'fork-tree', args: ['2', '2', '30'] })).toMatchObject({ ok: true });
    expect(await call({ command: 'sleep', args: ['30'] })).toMatchObject({ ok: true });
    expect(await call({ command: 'sleep', args: ['30'] })).toMatchObject(refusedFor('maxProcesses', '--max-processes'));
    expect(await call({ workload: 'sleep', count: 3 })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('processes Forkscope started running at once (whole subtrees counted)') },
    });
  });

  it('a refusal carries the limit, its value and what there would have been, for the UI to word', async () => {
    const engine = engineWith({ limits: { maxWorkloadMemoryMb: 100 } });
    expect(await dispatchCommand(engine, 'supervisor:spawn', { workload: 'memory-hog', args: ['60', '30'], count: 2 })).toMatchObject({
      ok: false,
      error: { facts: { reason: 'limit', limit: 'limits.maxWorkloadMemoryMb', value: 100, count: 120 } },
    });
  });

  it('memory asked of workloads: memory-hog MB × count, with what runs already counted', async () => {
    const engine = engineWith({ limits: { maxWorkloadMemoryMb: 100 } });
    const call = (request: object) => dispatchCommand(engine, 'supervisor:spawn', request);
    expect(await call({ workload: 'memory-hog', args: ['60', '30'], count: 2 })).toMatchObject(
      refusedFor('maxWorkloadMemoryMb', '--max-workload-memory-mb'),
    );
    expect(await call({ workload: 'memory-hog', args: ['60', '30'] })).toMatchObject({ ok: true });
    const again = await call({ workload: 'memory-hog', args: ['60', '30'] });
    expect(again).toMatchObject(refusedFor('maxWorkloadMemoryMb', '--max-workload-memory-mb'));
    expect(again).toMatchObject({ error: { message: expect.stringContaining('on top of the 60 MB held') } });
  });

  it('experiments: from the settings file; a client cannot raise the limit through settings:set', async () => {
    const engine = engineWith({}, { limits: { maxExperiments: 1 } });
    const first = await dispatchCommand(engine, 'queue:start', { duration: 30, rate: 10, producers: 1, consumers: 1 });
    expect(first).toMatchObject({ ok: true });
    expect(await dispatchCommand(engine, 'queue:start', { duration: 30, rate: 10 })).toMatchObject(refusedFor('maxExperiments', '--max-experiments'));
    expect(await dispatchCommand(engine, 'settings:set', { limits: { maxExperiments: 100 } })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request', message: expect.stringContaining('limits') },
    });
    expect(await dispatchCommand(engine, 'settings:get', {})).toMatchObject({ ok: true, value: { limits: { maxExperiments: 1 } } });
  });

  it('a flag wins over the settings file', async () => {
    const engine = engineWith({ limits: { maxExperiments: 2 } }, { limits: { maxExperiments: 1 } });
    for (const expected of [true, true, false]) {
      const answer = await dispatchCommand(engine, 'queue:start', { duration: 30, rate: 10, producers: 1, consumers: 1 });
      expect(answer.ok).toBe(expected);
    }
  });
});
