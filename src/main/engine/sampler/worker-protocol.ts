import type { SamplerEvent } from '../../../shared/events';

/** What the main thread hands the sampler worker at start. */
export interface WorkerOptions {
  intervalMs: number;
  keyframeEvery: number;
  reaperPids: number[];
}

/** What the worker posts back each tick (structured clone, same process: no schema needed). */
export type WorkerTick = { type: 'tick'; events: SamplerEvent[] } | { type: 'error'; message: string };
