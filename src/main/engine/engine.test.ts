import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { waitFor } from '../test-support/wait-for';
import { call, valueOf } from '../test-support/call';
import { dispatchCommand } from './dispatch';
import { Engine } from './engine';

// The engine as every shell sees it: commands through the contract's validation, events on one stream.
let engine: Engine;
const events: EngineEvent[] = [];
beforeAll(() => {
  engine = new Engine({ shell: 'host', intervalMs: 100 });
  engine.subscribe('engine:events', ({ events: batch }) => events.push(...batch));
});
afterAll(async () => {
  await engine.close();
});

/** Requests the contract refuses by their type too (an unknown signal), sent as a client could. */
const raw = (command: string, request: unknown) => dispatchCommand(engine, command, request);

describe('Engine through the contract', () => {
  it('spawns a workload, shows it at once, joins it, and streams its lifecycle', async () => {
    const spawned = await call(engine, 'supervisor:spawn', { workload: 'sleep', args: ['0.3'] });
    expect(spawned.ok).toBe(true);
    const [child] = valueOf(spawned);
    const spawnEvent = events.find((e) => e.type === 'spawned' && e.pid === child!.pid);
    expect(spawnEvent).toMatchObject({ mode: 'attached', process: { pid: child!.pid, startTime: child!.startTime } });
    const joined = await call(engine, 'supervisor:join', { pid: child!.pid, startTime: child!.startTime });
    expect(joined).toMatchObject({ ok: true, value: { timedOut: false, code: 0 } });
    await waitFor('exited, reaped and joined events', () =>
      ['exited', 'reaped', 'joined'].every((type) => events.some((e) => e.type === type && 'pid' in e && e.pid === child!.pid)),
    );
  });

  it('rejects requests that break the contract, naming the problem', async () => {
    expect(await call(engine, 'supervisor:spawn', { workload: 'sleep', count: 0 })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(await call(engine, 'supervisor:spawn', { workload: 'sleep', command: 'sleep' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request', message: expect.stringMatching(/either a workload or a command/) },
    });
    expect(await call(engine, 'supervisor:spawn', { workload: 'no-such-workload' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no built-in workload named/) },
    });
    expect(await call(engine, 'supervisor:signal', { pid: 1, startTime: 0, signal: 'SIGTERM' })).toMatchObject({
      ok: false,
      error: { kind: 'refused', message: expect.stringMatching(/init/) },
    });
    expect(await raw('supervisor:signal', { pid: 123, startTime: 0, signal: 'SIGBOGUS' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
    expect(await call(engine, 'supervisor:kill', { pid: 999_999_999, startTime: 0 })).toMatchObject({
      ok: false,
      error: { kind: 'no-such-process' },
    });
  });

  it('kills a tree through the contract and reports each member', async () => {
    const spawned = await call(engine, 'supervisor:spawn', { workload: 'fork-tree', args: ['1', '2', '30'] });
    const [root] = valueOf(spawned);
    await waitFor('two children seen by the sampler', () => events.filter((e) => e.type === 'started' && e.process.ppid === root!.pid).length === 2);
    const report = await call(engine, 'supervisor:kill', { pid: root!.pid, startTime: root!.startTime, tree: true, graceMs: 300 });
    expect(report.ok).toBe(true);
    const { entries } = valueOf(report);
    expect(entries).toHaveLength(3);
    for (const entry of entries) expect(['terminated', 'killed']).toContain(entry.outcome);
  });
});
