import { COMMAND_NAMES, isLiveCommand, type StreamName, type StreamPayload } from '../../shared/contract';
import type { EngineEvent } from '../../shared/events';
import type { AppInfo, Snapshot } from '../../shared/model';
import { ForkscopeError } from '../../shared/result';
import { appVersion } from '../paths';
import type { CommandHandlers } from './dispatch';
import { currentPlatform } from './platform';
import { processReaderInfo, readProcessDetails, Sampler } from './sampler';
import { confirmIdentity } from './supervisor/target';
import { platformSignals } from './supervisor/signal-names';
import { renice } from './supervisor/priority';
import { ionice, setCpuAffinity } from './supervisor/scheduling';
import { SettingsStore } from './settings-store';
import { DemandBoard } from './demand-board';
import { RunLimitChecks } from './run-limits';
import type { RunLimits } from '../../shared/settings';
import { Supervisor } from './supervisor/supervisor';
import { WORKLOADS } from './supervisor/workloads';
import { QueueLab } from './queue-lab/queue-lab';
import { ProgramQueueRuns } from './queue-lab/program-queue-runs';
import { SessionController } from './session/session-controller';
import { LessonRuns } from './lessons/lesson-runs';
import { LabHistory, type LabEvent } from './lab-history';

export interface EngineOptions {
  /** Which shell carries the engine; shown in the UI so a person knows where they are. */
  shell: AppInfo['shell'];
  /** Sampling interval in ms (default 1000, at least 100). */
  intervalMs?: number;
  /** The sampler worker's script (tests: one that fails the way an unreadable /proc does). */
  samplerScript?: string;
  /** Limits on what runs at once (`serve` flags); each one given wins over the settings file's. */
  limits?: Partial<RunLimits>;
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
  /** What each window shows; the sampler reads the union (a hidden column costs no read). */
  private readonly demands = new DemandBoard((demand) => this.sampler?.setDemand(demand));
  /** Live or replay, and the recording: everything the views see goes through it. */
  readonly session: SessionController;
  /** The lab's runs, kept for the engine's lifetime (within LAB_LIMITS) for every view that joins later. */
  private readonly labHistory = new LabHistory();
  private readonly labEvent = (event: LabEvent): void => {
    this.labHistory.keep(event);
    this.session.live([event]);
  };
  private readonly queueLab = new QueueLab(this.labEvent);
  private readonly programQueues = new ProgramQueueRuns(this.supervisor, this.labEvent);
  private readonly lessons = new LessonRuns(this.labEvent);
  private readonly limits = new RunLimitChecks(() => ({ ...this.settings.read().limits, ...this.options.limits }), {
    children: () => this.supervisor.children(),
    runningExperiments: () => this.queueLab.runningCount,
  });

  constructor(private readonly options: EngineOptions) {
    this.session = new SessionController(
      options.intervalMs ?? 1000,
      {
        events: (events, reset) => this.emit('engine:events', reset ? { events, reset } : { events }),
        status: (status) => this.emit('session:status', status),
        liveKeyframe: () => {
          const current = this.sampler?.current();
          return current ? [{ type: 'keyframe', t: current.takenAt, snapshot: current }] : [];
        },
        labHistory: () => this.labHistory.events(),
      },
      undefined,
      this.supervisor,
    );
    this.supervisor.onEvent((event) => this.session.live([event]));
    this.supervisor.onOutputDone((child) => this.session.recorder.outputDone(child));
    const handlers: CommandHandlers = {
      'app:info': async () => this.info(),
      'sampler:snapshot': async () => this.snapshot(),
      'sampler:details': async (target) => {
        if (this.session.replaying)
          throw new ForkscopeError(
            'refused',
            'details of a process come from the live machine; in a replay, its recorded figures are in the tree and charts',
          );
        confirmIdentity(target);
        return readProcessDetails(target.pid);
      },
      'sampler:demand': async (demand) => this.demands.set(demand),
      'settings:get': async () => this.settings.read(),
      'settings:set': async (patch) => this.settings.update(patch),
      'queue:start': async (request) => {
        this.limits.checkExperiment(request);
        return { experiment: this.queueLab.start(request) };
      },
      'queue:stop': async (request) => ({ stopped: this.queueLab.stop(request.experiment) }),
      'supervisor:workloads': async () => WORKLOADS.map(({ name, description, usage }) => ({ name, description, usage })),
      'supervisor:spawn': async (request) => {
        this.limits.checkSpawn(request);
        return request.watchQueues ? this.programQueues.spawn(request) : this.supervisor.spawn(request);
      },
      'supervisor:join': async (request) => this.supervisor.join({ pid: request.pid, startTime: request.startTime }, request.timeoutMs),
      'supervisor:signal': async (request) => {
        await this.supervisor.signal({ pid: request.pid, startTime: request.startTime }, request.signal);
        return { sent: true as const };
      },
      'supervisor:renice': async (request) => {
        const result = await renice({ pid: request.pid, startTime: request.startTime }, request.nice);
        // A reniced process need not run, so the sampler's next tick would otherwise give its last row again.
        this.sampler?.refresh(request.pid);
        return result;
      },
      'supervisor:ionice': async (request) => ionice({ pid: request.pid, startTime: request.startTime }, request.class, request.level),
      'supervisor:affinity': async (request) => setCpuAffinity({ pid: request.pid, startTime: request.startTime }, request.cpus),
      'supervisor:kill': async (request) =>
        this.supervisor.kill({ pid: request.pid, startTime: request.startTime }, { tree: request.tree, graceMs: request.graceMs }),
      'supervisor:log': async ({ after, ...target }) => this.session.replayLog(target, after) ?? this.supervisor.log(target, after),
      'supervisor:kill-plan': async (target) => {
        if (this.session.replaying)
          throw new ForkscopeError('refused', 'kill tree acts on the live machine; a replay shows what was, not what could be killed');
        return this.supervisor.killPlan(target);
      },
      'session:status': async () => this.session.status(),
      'recorder:start': async ({ path, output }) => {
        this.ensureSampler();
        return this.session.startRecording(path, { output });
      },
      'recorder:stop': async () => this.session.stopRecording(),
      'replay:upload': async (chunk) => this.session.upload(chunk),
      'replay:upload-cancel': async ({ uploadId }) => ({ cancelled: this.session.uploads.cancel(uploadId) }),
      'replay:open': async ({ path }) => this.session.openReplay(path),
      'replay:close': async () => ({ closed: this.session.closeReplay() }),
      'replay:seek': async ({ ms }) => this.session.current().seek(ms),
      'replay:play': async ({ speed }) => this.session.current().play(speed),
      'replay:pause': async () => this.session.current().pause(),
      'replay:jump': async ({ type, direction }) => this.session.jump(type, direction),
      'replay:markers': async () => this.session.markers(),
      'replay:export': async ({ format }) => this.session.export(format),
      'replay:export-piece': async ({ exportId, offset }) => this.session.exportPiece(exportId, offset),
      'lesson:list': async () => this.lessons.list(),
      'lesson:source': async ({ name, engine }) => this.lessons.source(name, engine),
      'lesson:run': async (request) => ({ run: this.lessons.start(request.name, request.engine) }),
      'lesson:stop': async (request) => ({ stopped: this.lessons.stop(request.run) }),
    };
    // What the contract marks live is kept in the recording as an action, with its outcome.
    for (const command of COMMAND_NAMES.filter(isLiveCommand)) {
      const run = handlers[command] as (request: unknown) => Promise<unknown>;
      (handlers as Record<string, (request: unknown) => Promise<unknown>>)[command] = (request) =>
        this.session.recordAction(command, request, () => run(request));
    }
    this.handlers = handlers;
  }

  /** Why live commands are refused now (a replay is shown), or null; dispatch asks before running one. */
  liveRefusal(): string | null {
    return this.session.liveRefusal();
  }

  info(): AppInfo {
    return {
      name: 'forkscope',
      version: appVersion(),
      platform: currentPlatform(),
      enginePid: process.pid,
      shell: this.options.shell,
      reader: processReaderInfo(),
      signals: platformSignals(),
    };
  }

  /** The latest sampled table (or the replay's, at its position); samples once when nothing is running yet. */
  async snapshot(): Promise<Snapshot> {
    const replayed = this.session.replaySnapshot();
    if (replayed) return replayed;
    const sampler = this.ensureSampler();
    return sampler.current() ?? (await sampler.nextTick());
  }

  subscribe<S extends StreamName>(stream: S, listener: Listener<S>): () => void {
    let set = this.listeners.get(stream);
    if (!set) this.listeners.set(stream, (set = new Set()));
    set.add(listener as Listener<StreamName>);
    const current = this.ensureSampler().current();
    // A late subscriber starts from what the others see (the live table, or the replay at its position), then folds what follows.
    if (stream === 'engine:events') {
      const replayed = this.session.joinEvents();
      if (replayed) (listener as Listener<'engine:events'>)({ events: replayed, reset: true });
      else {
        // The live table, then the lab's kept runs, which the views fold in place of whatever lab runs they had.
        const keyframe: EngineEvent[] = current ? [{ type: 'keyframe', t: current.takenAt, snapshot: current }] : [];
        const events = [...keyframe, ...this.labHistory.events()];
        if (events.length) (listener as Listener<'engine:events'>)({ events, lab: true });
      }
    }
    if (stream === 'session:status') (listener as Listener<'session:status'>)(this.session.status());
    return () => {
      set.delete(listener as Listener<StreamName>);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopEvents?.();
    this.listeners.clear();
    this.demands.close();
    await this.session.close();
    await this.queueLab.stopAll();
    await this.lessons.stopAll();
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
      this.sampler = new Sampler({
        intervalMs: this.options.intervalMs ?? 1000,
        workerScript: this.options.samplerScript,
        demand: this.demands.union(),
      });
      const stopEvents = this.sampler.onEvents((events: EngineEvent[]) => {
        this.session.samplerRecovered();
        this.supervisor.observe(events);
        this.session.live(events);
      });
      // A failing sampler is said, not silent: an event for the log and the recording, and the session status the UI shows.
      const stopErrors = this.sampler.onError((message) => this.session.samplerFailed(message));
      this.stopEvents = () => {
        stopEvents();
        stopErrors();
      };
    }
    return this.sampler;
  }
}
