import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SamplerEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import { pythonOrSkip, startFixtureForPids } from '../../test-support/python';
import { samplerPerTest } from '../../test-support/sampler-per-test';
import { readProcessStartTime } from '../sampler';
import { stampedTwin } from '../sampler/session';
import type { ProcessRow } from '../sampler/types';

const fixture = join(import.meta.dirname, '__fixtures__', 'zombies_for_a_while.py');
const samplers = samplerPerTest();

// A child that exits in the batch of its fork and is reaped is never read: its identity comes from the fork's stamp.
describe('identities from fork stamps', () => {
  it("children that exit at once and stay zombies across ticks have /proc's identity, start once, exit once with their code and end once", async () => {
    if (!pythonOrSkip()) return;
    const sampler = await samplers.withEvents(100);
    const events: SamplerEvent[] = [];
    const unsubscribe = sampler.onEvents((batch) => events.push(...batch));
    const { child: parent, pids } = await startFixtureForPids(fixture);
    const children = new Set(pids);
    // Read while they are zombies: /proc's identity of each, which the sampler's must be (every other reader gives it).
    const procKeys = new Set(pids.map((pid) => processKey({ pid, startTime: readProcessStartTime(pid)! })));
    await once(parent, 'exit');
    await sampler.nextTick();
    await sampler.nextTick();
    unsubscribe();
    const about = (type: SamplerEvent['type']) =>
      events.filter((e): e is SamplerEvent & { pid: number; startTime: number } => e.type === type && 'pid' in e && children.has(e.pid));
    const started = events.filter((e) => e.type === 'started' && children.has(e.process.pid));
    expect(started.length).toBe(20);
    const keys = new Set(started.map((e) => (e.type === 'started' ? processKey(e.process) : '')));
    expect(keys).toEqual(procKeys);
    // Every later event names the identity the start gave: no tick read one of them as a new process.
    for (const type of ['exit', 'became-zombie', 'ended'] as const) for (const e of about(type)) expect(keys.has(processKey(e))).toBe(true);
    expect(about('exit').map((e) => (e.type === 'exit' ? e.code : null))).toEqual(new Array(20).fill(7));
    expect(new Set(about('ended').map((e) => e.pid)).size).toBe(20);
    expect(about('ended').length).toBe(20);
    // A second in state Z is past the report time: each is reported a zombie, then reaped.
    expect(new Set(about('became-zombie').map((e) => e.pid))).toEqual(children);
  });

  it('a row read one clock tick either side of a stamped identity keeps that identity; two ticks apart it is another process', () => {
    const row = (startTime: number): ProcessRow =>
      ({ pid: 40, ppid: 1, name: 'x', cmd: 'x', state: 'zombie', startTime, startedAt: startTime * 10 }) as ProcessRow;
    const previous = new Map([[processKey(row(100)), row(100)]]);
    expect(stampedTwin(previous, row(101))).toMatchObject({ startTime: 100, startedAt: 1000 });
    expect(stampedTwin(previous, row(99))).toMatchObject({ startTime: 100 });
    expect(stampedTwin(previous, row(102))).toBeUndefined();
  });
});
