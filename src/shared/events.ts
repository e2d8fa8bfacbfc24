import { z } from 'zod';
import { SIGNAL_NAMES, SignalNameSchema, type SignalName } from './signals';
import { LessonObservationLineSchema, LessonResultSchema } from './lessons';
import { ProgramPythonSchema } from './python-program';
import { LifecycleModeSchema, ProcessInfoSchema, ProcessStateSchema, SnapshotSchema } from './model';
import { processChangeProblem } from './process-change-check';

export const SystemStatsSchema = z.object({
  cpuPerCore: z.array(z.number()),
  memTotalBytes: z.number(),
  memAvailableBytes: z.number(),
  swapTotalBytes: z.number(),
  swapFreeBytes: z.number(),
  loadAverage: z.tuple([z.number(), z.number(), z.number()]),
  uptimeSeconds: z.number(),
});
export type SystemStats = z.infer<typeof SystemStatsSchema>;

const FormerParentSchema = z.object({ pid: z.number().int(), name: z.string() });

const lifecycleBase = {
  /** Epoch ms when the sampler noticed it. */
  t: z.number(),
  pid: z.number().int(),
  startTime: z.number(),
  ppid: z.number().int(),
  name: z.string(),
};

/** Metrics of one process that changed since the last tick; absent fields did not change. */
export const ProcessChangeSchema = ProcessInfoSchema.pick({
  cpuPercent: true,
  rssBytes: true,
  threads: true,
  orphan: true,
  // htop's columns, sent only while a viewer shows them.
  cpuTimeMs: true,
  nice: true,
  priority: true,
  virtBytes: true,
  shrBytes: true,
  stateLetter: true,
  ioReadBps: true,
  ioWriteBps: true,
  ioReadable: true,
  // Set when an exec gave the process a new name or command line since the last tick.
  name: true,
  cmd: true,
  // Only in what the views are sent, when a periodic keyframe is sent as the changes it holds: a process that went
  // from running to sleeping, or called setsid, has no event of its own (see session/view-deltas.ts).
  state: true,
  pgid: true,
  sid: true,
})
  .partial()
  .extend({ pid: z.number().int(), startTime: z.number() });
export type ProcessChange = z.infer<typeof ProcessChangeSchema>;
/** ProcessChangeSchema's verdicts without zod's walk of every optional field (see process-change-check.ts). */
const CheckedProcessChangeSchema = z.custom<ProcessChange>((value) => processChangeProblem(value) === null, {
  error: (issue) => processChangeProblem(issue.input) ?? 'not a process change',
});

/**
 * What the sampler tells per tick. Everything downstream (the engine's table, the UI store,
 * recordings) is built from these alone: lifecycle events keyed by pid + start time, a `sample`
 * with changed metrics, and every N ticks a `keyframe` with the full table.
 */
export const SamplerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), t: z.number(), process: ProcessInfoSchema }),
  z.object({ type: z.literal('ended'), ...lifecycleBase }),
  z.object({ type: z.literal('reparented'), ...lifecycleBase, from: z.number().int(), to: z.number().int() }),
  z.object({ type: z.literal('state-changed'), ...lifecycleBase, from: ProcessStateSchema, to: ProcessStateSchema }),
  z.object({ type: z.literal('orphaned'), ...lifecycleBase, formerParent: FormerParentSchema }),
  /** A process exited and its parent (`ppid`) has not reaped it yet. */
  z.object({ type: z.literal('became-zombie'), ...lifecycleBase }),
  /** A zombie is gone: `ppid` (its parent at the end, maybe init after a re-parenting) reaped it. */
  z.object({ type: z.literal('zombie-reaped'), ...lifecycleBase, zombieSinceMs: z.number().nullable() }),
  z.object({ type: z.literal('sample'), t: z.number(), changes: z.array(CheckedProcessChangeSchema) }),
  /** The kernel's exec event: the process (same pid and start time) runs a new program; `cmd` null until read. */
  z.object({ type: z.literal('exec'), ...lifecycleBase, formerName: z.string(), cmd: z.string().nullable() }),
  /**
   * The kernel's exit event for a process's last thread, with its wait status decoded. The process is a
   * zombie from here until `ended` (its parent, or whoever adopted it, reaped it).
   */
  z.object({
    type: z.literal('exit'),
    ...lifecycleBase,
    code: z.number().int().nullable(),
    signal: z.string().nullable(),
    core: z.boolean(),
    runMs: z.number().nullable(),
  }),
  /** Which source gives the shape of the table: kernel events, or sampling alone (with why). */
  z.object({ type: z.literal('lifecycle'), t: z.number(), mode: LifecycleModeSchema, reason: z.string() }),
  /** Kernel events dropped (counted from the per-CPU sequence numbers, plus ENOBUFS); the table was read again at once. */
  z.object({ type: z.literal('events-lost'), t: z.number(), lost: z.number().int(), total: z.number().int() }),
  /** Whole-machine figures for the header: CPU per core, memory, swap, load, uptime. */
  z.object({ type: z.literal('system'), t: z.number(), system: SystemStatsSchema }),
  z.object({ type: z.literal('keyframe'), t: z.number(), snapshot: SnapshotSchema }),
]);
export type SamplerEvent = z.infer<typeof SamplerEventSchema>;
export type SamplerEventType = SamplerEvent['type'];

const childBase = { t: z.number(), pid: z.number().int(), startTime: z.number(), name: z.string() };
export const SpawnModeSchema = z.enum(['attached', 'daemon', 'detached']);
export type SpawnMode = z.infer<typeof SpawnModeSchema>;
// Every platform's signals, by name (see signals.ts); recordings of the eight names known before still read.
export { SIGNAL_NAMES, SignalNameSchema, type SignalName };

/** What the supervisor does to and sees of the children Forkscope owns. */
export const SupervisorEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('spawned'),
    ...childBase,
    ppid: z.number().int(),
    mode: SpawnModeSchema,
    command: z.string(),
    args: z.array(z.string()),
    logFile: z.string().nullable(),
    process: ProcessInfoSchema.nullable(),
  }),
  z.object({ type: z.literal('exited'), ...childBase, code: z.number().int().nullable(), signal: z.string().nullable(), runMs: z.number() }),
  z.object({ type: z.literal('reaped'), ...childBase }),
  /**
   * Orphaned: its parent exited and it was re-parented to Forkscope (a child subreaper, or pid 1),
   * which reaps it; `formerParent` is null when the parent was gone before anyone saw it.
   */
  z.object({ type: z.literal('adopted'), ...childBase, ppid: z.number().int(), formerParent: FormerParentSchema.nullable() }),
  z.object({ type: z.literal('signaled'), ...childBase, signal: SignalNameSchema, outcome: z.string() }),
  z.object({ type: z.literal('joined'), ...childBase, code: z.number().int().nullable(), signal: z.string().nullable(), timedOut: z.boolean() }),
  /** Its restart policy will start it again in `delayMs` (the process named here is the run that ended). */
  z.object({
    type: z.literal('restart-scheduled'),
    ...childBase,
    attempt: z.number().int(),
    delayMs: z.number(),
    reason: z.string(),
    /** How the run ended, for a reason in the viewer's language (recordings before it have only `reason`). */
    exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }).optional(),
  }),
  /** A new run of a child that ended (the process named here is the new run); `restarts` counts every restart so far. */
  z.object({
    type: z.literal('restarted'),
    ...childBase,
    previous: z.object({ pid: z.number().int(), startTime: z.number() }),
    restarts: z.number().int(),
  }),
  /** Its restart policy ends: the limit was reached, the person signalled or killed it, Forkscope shut down, or a restart failed. */
  z.object({
    type: z.literal('restart-ended'),
    ...childBase,
    reason: z.enum(['limit', 'user', 'shutdown', 'failed']),
    restarts: z.number().int(),
    message: z.string(),
    /** `user`: the signal the person sent; `failed`: why the new run could not start (optional: recordings before them). */
    signal: z.string().optional(),
    error: z.string().optional(),
    /** `limit`: the exit that met it and the policy's limit. */
    exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }).optional(),
    limit: z.object({ maxRestarts: z.number().int(), windowMs: z.number() }).optional(),
  }),
]);
export type SupervisorEvent = z.infer<typeof SupervisorEventSchema>;

const QueueMetricsSchema = z.object({
  t: z.number(),
  puts: z.number(),
  gets: z.number(),
  /** Messages the queue holds (put and not yet taken). */
  depth: z.number(),
  /** Node engine: slots granted to producers as credits and not yet filled (puts on their way); python: 0. Not messages in the queue. */
  inFlight: z.number(),
  taskDone: z.number(),
  blockedProducers: z.number(),
  waitingConsumers: z.number(),
  /** End-to-end latency over the last tenth of a second (the slowest consumer's); null when idle. */
  p50LatencyMs: z.number().nullable().optional(),
  p99LatencyMs: z.number().nullable().optional(),
});
export type QueueMetricsEvent = z.infer<typeof QueueMetricsSchema>;
export const QueueResultSchema = z.object({
  engine: z.enum(['node', 'python']),
  messages: z.number(),
  seconds: z.number(),
  throughput: z.number(),
  p50LatencyMs: z.number().nullable(),
  p99LatencyMs: z.number().nullable(),
  exactlyOnce: z.boolean(),
  raisedFull: z.number(),
  consumerLost: z
    .object({ id: z.number(), inFlightCount: z.number(), inFlight: z.array(z.object({ producer: z.number(), seq: z.number() })) })
    .nullable(),
});
export type QueueResult = z.infer<typeof QueueResultSchema>;

/** A queue experiment's life: its parameters, metrics ten times a second, and its result. */
export const QueueEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue-started'), t: z.number(), experiment: z.number().int(), config: z.record(z.string(), z.unknown()) }),
  /** The experiment's processes, for the tree to highlight (the python engine's children are its root's descendants). */
  z.object({ type: z.literal('queue-processes'), t: z.number(), experiment: z.number().int(), pids: z.array(z.number().int()) }),
  z.object({ type: z.literal('queue-metrics'), t: z.number(), experiment: z.number().int(), metrics: QueueMetricsSchema }),
  z.object({ type: z.literal('queue-finished'), t: z.number(), experiment: z.number().int(), result: QueueResultSchema }),
  z.object({ type: z.literal('queue-failed'), t: z.number(), experiment: z.number().int(), message: z.string() }),
]);
export type QueueEvent = z.infer<typeof QueueEventSchema>;

/** One queue of a user's Python program, as its injected probe counted it (all processes summed). */
export const ProgramQueueStatsSchema = z.object({
  id: z.string(),
  kind: z.enum(['Queue', 'JoinableQueue', 'SimpleQueue']),
  maxsize: z.number().int(),
  puts: z.number().int(),
  gets: z.number().int(),
  depth: z.number().int(),
  maxDepth: z.number().int(),
  taskDone: z.number().int(),
  blockedProducers: z.number().int(),
  waitingConsumers: z.number().int(),
  raisedFull: z.number().int(),
  raisedEmpty: z.number().int(),
  /** Processes of the program that used this queue. */
  processes: z.number().int(),
  /** The manager holding it, for a manager's Queue()/JoinableQueue() (absent for the program's own queues). */
  manager: z.string().optional(),
});
export type ProgramQueueStats = z.infer<typeof ProgramQueueStatsSchema>;

/** At most this many timeline entries ride on one program-queues event; the rest are counted in `timelineOmitted`. */
export const PROGRAM_TIMELINE_PER_EVENT = 2000;

/**
 * One entry of a probed process's event ring that says when something happened (the counters say
 * only how much): a pool task's start and end in a worker, a lock's wait, a Condition/Event/Barrier
 * wait() call. `t` is epoch ms; a wait is recorded as it ends, `ms` long.
 */
export const ProgramTimelineEntrySchema = z.object({
  pid: z.number().int(),
  t: z.number(),
  kind: z.enum(['task-start', 'task-end', 'lock-wait', 'wait-call']),
  /** The pool's or the lock's id. */
  object: z.string(),
  /** Items in the task (a map chunk holds several). */
  items: z.number().int().optional(),
  failed: z.boolean().optional(),
  /** How long the wait lasted. */
  ms: z.number().optional(),
});
export type ProgramTimelineEntry = z.infer<typeof ProgramTimelineEntrySchema>;

/** The queues of a program started with `--queues` (or "chart its queues" in the launch dialog). */
export const ProgramQueuesEventSchema = z.object({
  type: z.literal('program-queues'),
  t: z.number(),
  /** The spawned program's pid, which names the watch. */
  pid: z.number().int(),
  command: z.string(),
  queues: z.array(ProgramQueueStatsSchema),
  /** The program as multiprocessing sees it (processes, pools, locks, pipes); absent in recordings made before it existed. */
  python: ProgramPythonSchema.optional(),
  /** Ring entries read since the previous event (absent when none, and in recordings made before it existed). */
  timeline: z.array(ProgramTimelineEntrySchema).max(PROGRAM_TIMELINE_PER_EVENT).optional(),
  timelineOmitted: z.number().int().optional(),
});
export type ProgramQueuesEvent = z.infer<typeof ProgramQueuesEventSchema>;

/**
 * A lesson run: its start, what its own fast sampler saw of its processes (wrapped, so the
 * engine's table is not folded twice), its observations as they come, and its outcome.
 */
export const LessonEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lesson-started'),
    t: z.number(),
    run: z.number().int(),
    lesson: z.string(),
    engine: z.enum(['python', 'node']),
    timeScale: z.number(),
  }),
  z.object({ type: z.literal('lesson-event'), t: z.number(), run: z.number().int(), event: z.union([SamplerEventSchema, SupervisorEventSchema]) }),
  z.object({ type: z.literal('lesson-observation'), t: z.number(), run: z.number().int(), observation: LessonObservationLineSchema }),
  /** `recording`: the run's own timeline, a recording that opens in the replay view. */
  z.object({
    type: z.literal('lesson-finished'),
    t: z.number(),
    run: z.number().int(),
    result: LessonResultSchema,
    recording: z.string().nullable(),
  }),
  z.object({ type: z.literal('lesson-failed'), t: z.number(), run: z.number().int(), message: z.string() }),
]);
export type LessonEvent = z.infer<typeof LessonEventSchema>;

/** The sampler could not read the process table (a tick failed, or its worker stopped): the table shown is as of before. */
export const SamplerFailedEventSchema = z.object({ type: z.literal('sampler-failed'), t: z.number(), message: z.string() });
export type SamplerFailedEvent = z.infer<typeof SamplerFailedEventSchema>;

export const EngineEventSchema = z.union([
  SamplerEventSchema,
  SupervisorEventSchema,
  QueueEventSchema,
  ProgramQueuesEventSchema,
  LessonEventSchema,
  SamplerFailedEventSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

/** Events about one process (named by pid + start time, or carrying it whole for `started`). */
export type ProcessEvent = Extract<EngineEvent, { pid: number; startTime: number }> | Extract<EngineEvent, { type: 'started' }>;

export function isProcessEvent(event: EngineEvent): event is ProcessEvent {
  return event.type === 'started' || ('startTime' in event && 'pid' in event);
}

/** What the event log shows, live and in replay: the lives of processes, not table plumbing, metrics or lesson internals. */
export function isLogEvent(event: EngineEvent): boolean {
  return isProcessEvent(event);
}
