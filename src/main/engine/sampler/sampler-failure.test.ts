import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import type { SessionStatus } from '../../../shared/session';
import { waitFor } from '../../test-support/wait-for';
import { call } from '../../test-support/call';
import { Engine } from '../engine';
import { NEXT_TICK_MIN_WAIT_MS, Sampler } from './index';

const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
let sampler: Sampler | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await sampler?.stop();
  await engine?.close();
  sampler = engine = undefined;
});

describe('a sampler that cannot read the process table', () => {
  it('reports each failure, and nextTick gives up after its bound naming the limit and the failure', async () => {
    sampler = new Sampler({ intervalMs: 100, workerScript: fixture('failing-worker.js') });
    const errors: string[] = [];
    sampler.onError((message) => errors.push(message));
    await expect(sampler.nextTick()).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(new RegExp(`${NEXT_TICK_MIN_WAIT_MS} ms \\(NEXT_TICK_WAIT_INTERVALS.*EACCES`)),
    });
    expect(errors.length).toBeGreaterThan(1);
    expect(errors[0]).toMatch(/EACCES: permission denied, scandir '\/proc'/);
  }, 15_000);

  it('a worker that dies at start is a failure too, not an unhandled error', async () => {
    sampler = new Sampler({ intervalMs: 100, workerScript: fixture('crashing-worker.js') });
    const errors: string[] = [];
    sampler.onError((message) => errors.push(message));
    await waitFor('the crash reported', () => errors.length > 0);
    expect(errors[0]).toMatch(/^the sampler stopped: no process reader works here/);
  });

  it('the engine turns failures into sampler-failed events and a field of the session status', async () => {
    engine = new Engine({ shell: 'host', intervalMs: 100, samplerScript: fixture('failing-worker.js') });
    const events: EngineEvent[] = [];
    const statuses: SessionStatus[] = [];
    engine.subscribe('engine:events', ({ events: batch }) => events.push(...batch));
    engine.subscribe('session:status', (status) => statuses.push(status));
    await waitFor('a sampler-failed event', () => events.some((e) => e.type === 'sampler-failed'));
    expect(events.find((e) => e.type === 'sampler-failed')).toMatchObject({ message: expect.stringMatching(/EACCES/) });
    expect(statuses.at(-1)?.sampler).toMatchObject({ message: expect.stringMatching(/EACCES/) });
    expect(await call(engine, 'session:status', {})).toMatchObject({ ok: true, value: { sampler: { message: expect.stringMatching(/EACCES/) } } });
  });
});
