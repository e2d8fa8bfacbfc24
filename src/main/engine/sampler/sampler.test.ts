import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { waitFor } from '../../test-support/wait-for';
import { Supervisor } from '../supervisor/supervisor';
import { readProcessTable, Sampler } from './index';

// The live sampler in its worker thread (the built one: `npm test` builds first), watching real processes.
let sampler: Sampler;
let supervisor: Supervisor;
const events: EngineEvent[] = [];

beforeAll(async () => {
  sampler = new Sampler({ intervalMs: 100 });
  sampler.onEvents((batch) => events.push(...batch));
  supervisor = new Supervisor();
  await sampler.nextTick();
});
afterAll(async () => {
  await supervisor.dispose(200);
  await sampler.stop();
});

async function ticks(n: number) {
  let last;
  for (let i = 0; i < n; i++) last = await sampler.nextTick();
  return last!;
}

describe('Sampler (worker thread)', () => {
  it('flags a zombie with its parent within two ticks, and drops it once the parent is killed', async () => {
    const [maker] = await supervisor.spawn({ workload: 'zombie-maker', args: ['1', '30'] });
    const zombie = await waitFor('the zombie in /proc', () => readProcessTable().find((p) => p.ppid === maker!.pid && p.state === 'zombie'));
    const seen = await ticks(2);
    const flagged = seen.processes.find((p) => p.pid === zombie.pid && p.startTime === zombie.startTime);
    expect(flagged).toMatchObject({ zombie: true, state: 'zombie', ppid: maker!.pid });
    expect(seen.zombies).toContain(zombie.pid);
    expect(events.find((e) => e.type === 'became-zombie' && e.pid === zombie.pid)).toMatchObject({ ppid: maker!.pid });

    await supervisor.kill(maker!, { graceMs: 300 });
    await waitFor('the zombie reaped after its parent died', () => events.some((e) => e.type === 'zombie-reaped' && e.pid === zombie.pid));
    const after = await sampler.nextTick();
    expect(after.processes.find((p) => p.pid === zombie.pid && p.startTime === zombie.startTime)).toBeUndefined();
  });

  it('flags the child of orphan-maker as an orphan and keeps its former parent', async () => {
    const [maker] = await supervisor.spawn({ workload: 'orphan-maker', args: ['30', '0.3'] });
    const child = await waitFor('the child of orphan-maker', () => readProcessTable().find((p) => p.ppid === maker!.pid));
    await supervisor.join(maker!);
    const orphaned = await waitFor('the orphaned event', () => events.find((e) => e.type === 'orphaned' && e.pid === child.pid));
    expect(orphaned).toMatchObject({ formerParent: { pid: maker!.pid, name: 'orphan-maker' } });
    const table = await sampler.nextTick();
    expect(table.processes.find((p) => p.pid === child.pid)).toMatchObject({ orphan: true, formerParent: { pid: maker!.pid } });
    expect(table.orphans).toContain(child.pid);
    process.kill(child.pid, 'SIGKILL');
  });

  it('sees a spawned process start and a killed one end, keyed by pid and start time', async () => {
    const [child] = await supervisor.spawn({ workload: 'sleep', args: ['30'] });
    await waitFor('started', () =>
      events.some((e) => e.type === 'started' && e.process.pid === child!.pid && e.process.startTime === child!.startTime),
    );
    await supervisor.kill(child!, { graceMs: 300 });
    await waitFor('ended', () => events.some((e) => e.type === 'ended' && e.pid === child!.pid && e.startTime === child!.startTime));
  });
});
