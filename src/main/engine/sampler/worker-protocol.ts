import type { ReadDemand } from '../../../shared/demand';
import type { SamplerEvent } from '../../../shared/events';

/** What the main thread hands the sampler worker at start. */
export interface WorkerOptions {
  intervalMs: number;
  keyframeEvery: number;
  reaperPids: number[];
  /** 'auto' uses kernel process events where the probe finds them true; 'sampled' never does. */
  lifecycle: 'auto' | 'sampled';
  /** The proc connector's receive buffer (a knob: tests shrink it to force loss). */
  receiveBufferBytes: number;
  /** What viewers show at start (the sampler may start after their first demand). */
  demand: ReadDemand;
}

/** What the main thread tells the worker: the viewers' demand changed, read a process in full next tick, or stop. */
export type WorkerCommand = { type: 'demand'; demand: ReadDemand } | { type: 'refresh'; pid: number } | { type: 'stop' };

/**
 * What the worker posts back (structured clone, same process: no schema needed): each tick's
 * events, kernel lifecycle events as they are fused between ticks, and failures.
 */
export type WorkerTick =
  { type: 'tick'; events: SamplerEvent[] } | { type: 'events'; events: SamplerEvent[] } | { type: 'error'; message: string } | { type: 'stopped' };
