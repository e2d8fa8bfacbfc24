import type { StreamName, StreamPayload } from '../../shared/contract';
import type { SamplerEvent } from '../../shared/events';
import type { AppInfo, Snapshot } from '../../shared/model';
import { appVersion } from '../paths';
import type { CommandHandlers } from './dispatch';
import { currentPlatform } from './platform';
import { Sampler } from './sampler';

export interface EngineOptions {
  /** Which shell carries the engine; shown in the UI so a person knows where they are. */
  shell: AppInfo['shell'];
  /** Sampling interval in ms (default 1000, at least 100). */
  intervalMs?: number;
}

type Listener<S extends StreamName> = (payload: StreamPayload<S>) => void;

/**
 * Wires the sampler (and, as they land, supervisor, queue lab, recorder, lessons) into one
 * object that implements the contract. Shells bind it; it knows nothing of them.
 */
export class Engine {
  readonly handlers: CommandHandlers;
  private sampler: Sampler | undefined;
  private stopEvents: (() => void) | undefined;
  private readonly listeners = new Map<StreamName, Set<Listener<StreamName>>>();
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.handlers = {
      'app:info': async () => this.info(),
      'sampler:snapshot': async () => this.snapshot(),
    };
  }

  info(): AppInfo {
    return {
      name: 'forkscope',
      version: appVersion(),
      platform: currentPlatform(),
      enginePid: process.pid,
      shell: this.options.shell,
    };
  }

  /** The latest sampled table; samples once when nothing is running yet. */
  async snapshot(): Promise<Snapshot> {
    const sampler = this.ensureSampler();
    return sampler.current() ?? (await sampler.nextTick());
  }

  subscribe<S extends StreamName>(stream: S, listener: Listener<S>): () => void {
    let set = this.listeners.get(stream);
    if (!set) this.listeners.set(stream, (set = new Set()));
    set.add(listener as Listener<StreamName>);
    const current = this.ensureSampler().current();
    // A late subscriber starts from the current table, then folds what follows.
    if (current && stream === 'engine:events') {
      (listener as Listener<'engine:events'>)({ events: [{ type: 'keyframe', t: current.takenAt, snapshot: current }] });
    }
    return () => {
      set.delete(listener as Listener<StreamName>);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopEvents?.();
    this.listeners.clear();
    await this.sampler?.stop();
    this.sampler = undefined;
  }

  private emit<S extends StreamName>(stream: S, payload: StreamPayload<S>): void {
    for (const listener of this.listeners.get(stream) ?? []) listener(payload);
  }

  private ensureSampler(): Sampler {
    if (this.closed) throw new Error('the engine is closed');
    if (!this.sampler) {
      this.sampler = new Sampler({ intervalMs: this.options.intervalMs ?? 1000 });
      this.stopEvents = this.sampler.onEvents((events: SamplerEvent[]) => this.emit('engine:events', { events }));
    }
    return this.sampler;
  }
}
