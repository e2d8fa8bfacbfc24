import type { SamplerEvent, Snapshot } from '../../../shared/model';

/** What the main thread hands the sampler worker at start. */
export interface WorkerOptions {
  intervalMs: number;
  reaperPids: number[];
}

/** What the worker posts back each tick (structured clone, same process: no schema needed). */
export type WorkerTick =
  | { type: 'tick'; snapshot: Snapshot; events: SamplerEvent[] }
  | { type: 'error'; message: string };
