import { afterEach, expect } from 'vitest';
import { Sampler, type SamplerOptions } from '../engine/sampler/index';

/**
 * Starts samplers for the tests of one file, each stopped after its test however the test ends (the built worker:
 * `npm test` builds first). `withEvents` waits for the first table and requires the kernel's events to be in force.
 */
export function samplerPerTest(): { start(options?: SamplerOptions): Sampler; withEvents(intervalMs: number): Promise<Sampler> } {
  let current: Sampler | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  const start = (options?: SamplerOptions): Sampler => (current = new Sampler(options));
  return {
    start,
    async withEvents(intervalMs) {
      const sampler = start({ intervalMs });
      await sampler.nextTick();
      expect(sampler.lifecycle()?.mode).toBe('events');
      return sampler;
    },
  };
}
