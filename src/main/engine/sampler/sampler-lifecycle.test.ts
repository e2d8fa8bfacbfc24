import { describe, expect, it } from 'vitest';
import type { SamplerEvent } from '../../../shared/events';
import { samplerPerTest } from '../../test-support/sampler-per-test';

// The built worker: options reach it, listeners detach, stop ends it.
const samplers = samplerPerTest();

describe('Sampler lifecycle', () => {
  it('keeps the interval at 100 ms or more, sends a keyframe every N ticks, and stops ticking on stop()', async () => {
    const sampler = samplers.start({ intervalMs: 10, keyframeEvery: 3 });
    expect(sampler.intervalMs).toBe(100);
    const ticks: SamplerEvent[][] = [];
    const unsubscribe = sampler.onTick((events) => ticks.push(events));
    for (let i = 0; i < 4; i++) await sampler.nextTick();
    unsubscribe();
    const keyframes = ticks.slice(0, 4).map((events) => events.some((e) => e.type === 'keyframe'));
    expect(keyframes).toEqual([true, false, false, true]);
    const keyframe = ticks[0]!.find((e) => e.type === 'keyframe');
    expect(keyframe?.type === 'keyframe' && keyframe.snapshot.processes.some((p) => p.pid === process.pid)).toBe(true);
    expect(sampler.current()?.processes.find((p) => p.pid === process.pid)).toMatchObject({ ppid: process.ppid, zombie: false });

    const seen = ticks.length;
    await sampler.nextTick();
    expect(ticks.length).toBe(seen); // unsubscribed

    await sampler.stop();
    let late = 0;
    sampler.onTick(() => late++);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(late).toBe(0);
  });
});
