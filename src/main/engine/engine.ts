import type { StreamName, StreamPayload } from '../../shared/contract';
import type { EngineEvent } from '../../shared/events';
import type { AppInfo, Snapshot } from '../../shared/model';
import { appVersion } from '../paths';
import type { CommandHandlers } from './dispatch';
import { currentPlatform } from './platform';
import { readProcessDetails, Sampler } from './sampler';
import { confirmIdentity } from './supervisor/target';
import { SettingsStore } from './settings-store';
import { Supervisor } from './supervisor/supervisor';
import { WORKLOADS } from './supervisor/workloads';
import { QueueLab } from './queue-lab/queue-lab';
import { ProgramQueueRuns } from './queue-lab/program-queue-runs';

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
  readonly supervisor = new Supervisor();
  private readonly settings = new SettingsStore();
  private readonly queueLab = new QueueLab((event) => this.emit('engine:events', { events: [event] }));
  private readonly programQueues = new ProgramQueueRuns(this.supervisor, (event) => this.emit('engine:events', { events: [event] }));

  constructor(private readonly options: EngineOptions) {
    this.supervisor.onEvent((event) => this.emit('engine:events', { events: [event] }));
    this.handlers = {
      'app:info': async () => this.info(),
      'sampler:snapshot': async () => this.snapshot(),
      'sampler:details': async (target) => {
        confirmIdentity(target);
        return readProcessDetails(target.pid);
      },
      'settings:get': async () => this.settings.read(),
      'settings:set': async (patch) => this.settings.update(patch),
      'queue:start': async (request) => ({ experiment: this.queueLab.start(request) }),
      'queue:stop': async ({ experiment }) => ({ stopped: this.queueLab.stop(experiment) }),
      'supervisor:workloads': async () => WORKLOADS.map(({ name, description, usage }) => ({ name, description, usage })),
      'supervisor:spawn': async (request) => (request.watchQueues ? this.programQueues.spawn(request) : this.supervisor.spawn(request)),
      'supervisor:children': async () => this.supervisor.children(),
      'supervisor:join': async ({ timeoutMs, ...target }) => this.supervisor.join(target, timeoutMs),
      'supervisor:signal': async ({ signal, ...target }) => {
        await this.supervisor.signal(target, signal);
        return { sent: true as const };
      },
      'supervisor:kill': async ({ tree, graceMs, ...target }) => this.supervisor.kill(target, { tree, graceMs }),
      'supervisor:log': async ({ pid }) => ({ text: this.supervisor.log(pid) }),
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
    await this.queueLab.stopAll();
    this.programQueues.closeAll();
    await this.supervisor.dispose();
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
      this.stopEvents = this.sampler.onEvents((events: EngineEvent[]) => this.emit('engine:events', { events }));
    }
    return this.sampler;
  }
}
