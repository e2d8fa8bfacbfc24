import type { PythonProcess } from '../../../shared/python-program';
import { isLogEvent, type EngineEvent, type ProcessChange, type QueueResult, type SystemStats } from '../../../shared/events';
import { ancestorsOf } from '../../../shared/analysis/tree';
import type { ProcessInfo } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import { CHURN_EVENT_TYPES } from '../../../shared/event-types';
import { applyLessonEvent, type LessonRunView } from './lesson-run-view';
import { ProcessHistory, type HistoryPoint } from './process-history';
import { keyOf } from './rows';
import { experimentPoint, type QueuePoint } from '../../../shared/queue-series';
import { dropOldest, LAB_LIMITS } from '../../../shared/lab-limits';
import { trimLog } from './log-trim';
import { systemPoint, type SystemPoint } from './system-point';
import { noteProgramQueues, type ProgramQueuesView } from './program-queues-view';

export type { ProgramQueuesView };

export type { HistoryPoint } from './process-history';

/** How long a new row flashes and an ended row lingers, as htop users expect. */
export const LIFETIME_CUE_MS = 3000;
const HISTORY_POINTS = 300;
/** Ended processes kept for Details and held rows (oldest dropped first). */
const GONE_LIMIT = 2000;
/** Events the log keeps: at ~1,000 lifecycle events a second on a busy machine, 20 s or more of them (see trimLog). */
export const LOG_LIMIT = 20_000;

export type { SystemPoint };
export type { QueuePoint };

export interface ExperimentView {
  id: number;
  config: Record<string, unknown>;
  points: QueuePoint[];
  /** When the run started, while its first point is still kept: its charts start there, from nothing queued. */
  origin: number | null;
  lastGets: number;
  lastT: number;
  result: QueueResult | null;
  failure: string | null;
}

/** A process that ended, as it ended: state `dead`, its exit (when known), who reaped it, and when. */
export interface GoneProcess {
  process: ProcessInfo;
  at: number;
  /** Its parent at the end, which reaped it (Forkscope for its own children and adoptees). */
  reapedBy: number;
}

export interface ChildFacts {
  mode?: string;
  exit?: { code: number | null; signal: string | null; runMs: number };
  /** Its restart policy started it again this many times before this run. */
  restarts?: number;
  /** Why its restart policy ended (the limit, the person, shutdown), once it has. */
  restartEnded?: string;
}

/** Events that change which rows the table has, where they sit, or what a filter or a sort sees beyond metrics. */
const STRUCTURAL = new Set<EngineEvent['type']>([
  'keyframe',
  'started',
  'ended',
  'reparented',
  'state-changed',
  'orphaned',
  'adopted',
  'exec',
  'exit',
  'spawned',
]);
/** What other programs' processes do between ticks: a batch of only these can wait for the next tick's redraw. */
const LIFECYCLE_CHURN = new Set<EngineEvent['type']>([...CHURN_EVENT_TYPES, 'reparented']);
/** How many changed keys the log keeps before a reader that fell behind must start over. */
const CHANGE_LOG_LIMIT = 100_000;

/** A sample that says what a filter or the tree reads beyond metrics (a keyframe's state, group or session, sent as changes). */
const reshapes = (change: ProcessChange): boolean => change.state !== undefined || change.pgid !== undefined || change.sid !== undefined;

const touchesProblems = (event: EngineEvent): boolean =>
  event.type === 'became-zombie' ||
  event.type === 'zombie-reaped' ||
  (event.type === 'sample' && event.changes.some((c) => c.orphan !== undefined || c.name !== undefined || c.cmd !== undefined));

/** How the store asks for its views to be told: `churnOnly` when the batch holds only the machine's lifecycle churn. */
export type NotifySchedule = (notify: () => void, churnOnly: boolean) => void;

export interface LiveStoreOptions {
  /**
   * When subscribers hear of a batch: by default at once; the app passes one animation frame (coalescing the many
   * small batches kernel events bring, and nothing at all while the page is hidden). It is called for every batch,
   * told whether the batch holds only the machine's lifecycle churn, and coalesces them itself.
   */
  schedule?: NotifySchedule;
}

/**
 * The renderer's view state, fed only by engine events: the folded table, bounded per-process
 * histories, the event log, lifetime cues and what the supervisor said about its children.
 * The same code serves a live session and a replay.
 */
export class LiveStore {
  readonly table = new ProcessTable();
  private readonly histories = new ProcessHistory(HISTORY_POINTS);
  readonly systemHistory: SystemPoint[] = [];
  readonly log: EngineEvent[] = [];
  /** Bumped when the log changes, so its view re-reads it only then. */
  logVersion = 0;
  /** The newest lifecycle line the log dropped to stay within LOG_LIMIT (null: none yet); older ones of that kind are gone. */
  logChurnDroppedUntil: number | null = null;
  readonly startedAt = new Map<string, number>();
  readonly ended = new Map<string, { process: ProcessInfo; at: number }>();
  /** Every recently ended process (bounded), for views that still show one: Details, rows held still. */
  readonly gone = new Map<string, GoneProcess>();
  readonly zombieSince = new Map<string, number>();
  readonly children = new Map<string, ChildFacts>();
  system: SystemStats | null = null;
  readonly experiments = new Map<number, ExperimentView>();
  readonly programQueues = new Map<number, ProgramQueuesView>();
  /** Processes of probed Python programs by pid, as multiprocessing named them (the tree and Details show it). */
  readonly pythonProcesses = new Map<number, PythonProcess>();
  /** pid → experiment, for the processes of queue experiments (their descendants belong too). */
  readonly experimentPids = new Map<number, number>();
  readonly lessonRuns = new Map<number, LessonRunView>();
  /**
   * Bumped by every event that changes the queue experiments and program queues, or the lesson
   * runs (views of those are updated in place), so the Queue Lab and Lessons redraw only then.
   */
  readonly revisions = { queues: 0, lessons: 0 };
  version = 0;
  /** Bumped by every batch that changed the table's shape (rows came, went or moved, or more than metrics changed). */
  structureVersion = 0;
  /** Bumped when a row's decor may change without its process changing: a lifetime cue came or went, a mode, an experiment. */
  decorVersion = 0;
  /**
   * Bumped when what the zombie and orphan views read may have changed: the table's shape, a zombie, or a sample
   * that changed a process's orphan mark, name or command. Metrics alone leave it, so those views skip the table.
   */
  problemsVersion = 0;
  /**
   * Keys of the processes whose metrics a `sample` changed, in order; entry i has sequence number `changeLogStart + i`.
   * A view that remembers where it read up to patches just those rows.
   */
  readonly changeLog: string[] = [];
  changeLogStart = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: LiveStoreOptions = {}) {}

  /** The sequence number the next changed key will get. */
  get changeSeq(): number {
    return this.changeLogStart + this.changeLog.length;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  apply(events: readonly EngineEvent[]): void {
    const ready = this.table.platform !== null;
    let structural = false;
    for (const event of events) {
      if (event.type === 'ended') {
        const key = keyOf(event);
        const last = this.table.get(key);
        if (last) {
          // Shown as it ended, never as it last ran: no state but dead, no CPU or memory, its exit if known.
          const exit = last.exit ?? this.exitOf(key);
          const process: ProcessInfo = { ...last, state: 'dead', zombie: false, cpuPercent: null, rssBytes: null, ...(exit ? { exit } : {}) };
          this.ended.set(key, { process, at: event.t });
          this.gone.set(key, { process, at: event.t, reapedBy: event.ppid });
          if (this.gone.size > GONE_LIMIT) this.gone.delete(this.gone.keys().next().value!);
        }
        this.histories.forget(key);
      }
      this.table.apply(event);
      if (STRUCTURAL.has(event.type) || (event.type === 'sample' && event.changes.some(reshapes))) structural = true;
      this.recordHistory(event);
      this.note(event, ready);
    }
    this.logChurnDroppedUntil = trimLog(this.log, LOG_LIMIT) ?? this.logChurnDroppedUntil;
    const pruned = this.prune(Date.now());
    if (pruned.endedGone || structural) this.structureVersion++;
    if (structural || events.some(touchesProblems)) this.problemsVersion++;
    if (pruned.cuesGone || structural || events.some((e) => e.type === 'queue-processes')) this.decorVersion++;
    this.version++;
    if (!this.options.schedule) return this.notify();
    this.options.schedule(this.notify, events.length > 0 && events.every((e) => LIFECYCLE_CHURN.has(e.type)));
  }

  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  /** The queue experiment a process belongs to: one of its processes, or a descendant of one. */
  experimentOf(key: string): number | undefined {
    const p = this.table.get(key);
    if (!p) return undefined;
    for (const q of [p, ...ancestorsOf(p, (pid) => this.table.byPid(pid))]) {
      const experiment = this.experimentPids.get(q.pid);
      if (experiment !== undefined) return experiment;
    }
    return undefined;
  }

  /** The lab views start over: the next events are the engine's kept runs (a reload, another window). */
  resetLab(): void {
    this.experiments.clear();
    this.programQueues.clear();
    this.pythonProcesses.clear();
    this.experimentPids.clear();
    this.lessonRuns.clear();
    this.revisions.queues++;
    this.revisions.lessons++;
  }

  /** Starts over: the next events describe a different moment (a replay opened, sought or closed). */
  reset(): void {
    this.table.clear();
    this.histories.clear();
    this.structureVersion++;
    this.problemsVersion++;
    this.systemHistory.length = 0;
    this.log.length = 0;
    this.logChurnDroppedUntil = null;
    this.logVersion++;
    this.startedAt.clear();
    this.ended.clear();
    this.gone.clear();
    this.zombieSince.clear();
    this.children.clear();
    this.system = null;
    this.resetLab();
  }

  /** The exit the supervisor reported for one of Forkscope's children, in the table's shape. */
  private exitOf(key: string): ProcessInfo['exit'] | undefined {
    const exit = this.children.get(key)?.exit;
    return exit ? { code: exit.code, signal: exit.signal, core: false, runMs: exit.runMs } : undefined;
  }

  history(key: string): readonly HistoryPoint[] {
    return this.histories.read(key);
  }

  private note(event: EngineEvent, ready: boolean): void {
    if (event.type.startsWith('queue-') || event.type === 'program-queues') this.revisions.queues++;
    else if (event.type.startsWith('lesson-')) this.revisions.lessons++;
    switch (event.type) {
      case 'started':
        if (ready) this.startedAt.set(keyOf(event.process), event.t);
        break;
      case 'spawned':
        this.children.set(keyOf(event), { mode: event.mode });
        this.startedAt.set(keyOf(event), event.t);
        break;
      case 'exited': {
        const facts = this.children.get(keyOf(event)) ?? {};
        facts.exit = { code: event.code, signal: event.signal, runMs: event.runMs };
        this.children.set(keyOf(event), facts);
        break;
      }
      case 'restarted':
        this.children.set(keyOf(event), { ...this.children.get(keyOf(event)), restarts: event.restarts });
        break;
      case 'restart-ended':
        this.children.set(keyOf(event), { ...this.children.get(keyOf(event)), restartEnded: event.message });
        break;
      case 'became-zombie':
        this.zombieSince.set(keyOf(event), event.t);
        break;
      case 'keyframe':
        for (const p of event.snapshot.processes) if (p.zombie && !this.zombieSince.has(keyOf(p))) this.zombieSince.set(keyOf(p), event.t);
        return;
      case 'system':
        this.system = event.system;
        this.systemHistory.push(systemPoint(event.t, event.system));
        if (this.systemHistory.length > HISTORY_POINTS) this.systemHistory.splice(0, this.systemHistory.length - HISTORY_POINTS);
        return;
      case 'sample':
        return;
      case 'queue-started':
        this.experiments.set(event.experiment, {
          id: event.experiment,
          config: event.config,
          points: [],
          origin: event.t,
          lastGets: 0,
          lastT: event.t,
          result: null,
          failure: null,
        });
        // No more runs than the engine keeps, so this window shows what a fresh one would.
        for (const id of dropOldest(this.experiments, LAB_LIMITS.KEPT_RUNS, (e) => e.result !== null || e.failure !== null))
          for (const [pid, experiment] of this.experimentPids) if (experiment === id) this.experimentPids.delete(pid);
        return;
      case 'queue-metrics': {
        const view = this.experiments.get(event.experiment);
        if (!view) return;
        const m = event.metrics;
        view.points.push(experimentPoint(m, { t: view.lastT, gets: view.lastGets }));
        if (view.points.length > LAB_LIMITS.CHART_POINTS) {
          view.points.shift();
          view.origin = null;
        }
        view.lastGets = m.gets;
        view.lastT = m.t;
        return;
      }
      case 'queue-finished': {
        const view = this.experiments.get(event.experiment);
        if (view) view.result = event.result;
        return;
      }
      case 'queue-failed': {
        const view = this.experiments.get(event.experiment);
        if (view) view.failure = event.message;
        return;
      }
      case 'queue-processes':
        for (const pid of event.pids) this.experimentPids.set(pid, event.experiment);
        return;
      case 'program-queues':
        noteProgramQueues(this.programQueues, this.pythonProcesses, event);
        return;
      case 'lesson-started':
        applyLessonEvent(this.lessonRuns, event);
        dropOldest(this.lessonRuns, LAB_LIMITS.KEPT_RUNS, (r) => r.result !== null || r.failure !== null);
        return;
      case 'lesson-event':
      case 'lesson-observation':
      case 'lesson-finished':
      case 'lesson-failed':
        applyLessonEvent(this.lessonRuns, event);
        return;
    }
    if (!isLogEvent(event)) return;
    this.log.push(event);
    this.logVersion++;
  }

  /** Per-process history at sampler ticks (bounded rings, changes only), and the log of which keys' metrics moved. */
  private recordHistory(event: EngineEvent): void {
    switch (event.type) {
      case 'keyframe':
        this.histories.tick(event.t);
        for (const p of event.snapshot.processes) this.histories.note(keyOf(p), p, event.t);
        return;
      case 'started':
        this.histories.note(keyOf(event.process), event.process, event.t);
        return;
      case 'sample': {
        this.histories.tick(event.t);
        if (this.changeLog.length + event.changes.length > CHANGE_LOG_LIMIT) {
          this.changeLogStart += this.changeLog.length;
          this.changeLog.length = 0;
        }
        for (const change of event.changes) {
          const key = keyOf(change);
          this.changeLog.push(key);
          const p = this.table.get(key);
          if (p && (change.cpuPercent !== undefined || change.rssBytes !== undefined)) this.histories.note(key, p, event.t);
        }
        return;
      }
    }
  }

  /** Drops cues whose time is over; says whether an ended row went (the table's shape changed) and whether any cue did. */
  private prune(now: number): { endedGone: boolean; cuesGone: boolean } {
    let cuesGone = false;
    for (const [key, t] of this.startedAt) {
      if (now - t > LIFETIME_CUE_MS) {
        this.startedAt.delete(key);
        cuesGone = true;
      }
    }
    let endedGone = false;
    for (const [key, e] of this.ended) {
      if (now - e.at > LIFETIME_CUE_MS) {
        this.ended.delete(key);
        endedGone = true;
      }
    }
    for (const key of this.zombieSince.keys()) if (!this.table.get(key)) this.zombieSince.delete(key);
    return { endedGone, cuesGone: cuesGone || endedGone };
  }
}
