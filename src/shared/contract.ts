import { z } from 'zod';
import { EngineEventSchema } from './events';
import { ProcessDetailsSchema } from './details';
import { AppInfoSchema, SnapshotSchema } from './model';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { SamplerDemandSchema } from './demand';
import {
  ChildInfoSchema,
  JoinRequestSchema,
  JoinResultSchema,
  KillPlanSchema,
  KillReportSchema,
  KillRequestSchema,
  ReniceRequestSchema,
  SignalRequestSchema,
  SpawnRequestSchema,
  TargetSchema,
  WorkloadInfoSchema,
} from './supervision';
import { OutputReadRequestSchema, OutputReadSchema } from './output';
import { AffinityRequestSchema, AffinitySchema, IoniceRequestSchema, IoPrioritySchema } from './scheduling';
import type { Result } from './result';
import { ExperimentConfigSchema } from './queue-lab';
import { LessonInfoSchema } from './lessons';
import { JUMP_TYPES, ReplayMarkerSchema, ReplayStatusSchema, RecordingStatusSchema, SessionStatusSchema, UploadChunkSchema } from './session';

/**
 * The one table of UI traffic: every command (request → response) and every event stream,
 * each with the runtime schema its receiver validates against. The Electron bridge and the
 * WebSocket host are both bindings of this table; neither has a channel of its own.
 */
const noRequest = z.object({}).strict();

/**
 * `live: true` marks a command that changes the machine: the engine records it as an action, and
 * refuses it while a replay is shown (a recording cannot be spawned into or killed).
 */
export const commands = {
  'app:info': { request: noRequest, response: AppInfoSchema },
  /** The whole table now (a replay's, at its position), for a client that does not fold the event stream. */
  /** The whole table now (a replay's, at its position), for a client that does not fold the event stream. */
  'sampler:snapshot': { request: noRequest, response: SnapshotSchema },
  'sampler:details': { request: TargetSchema, response: ProcessDetailsSchema },
  /**
   * Which of htop's extra columns a window shows and which rows it has in view: the sampler reads the union of every
   * window's demand and nothing more, so a hidden column costs nothing per tick. Renew within DEMAND_TTL_MS.
   */
  'sampler:demand': {
    request: SamplerDemandSchema,
    response: z.object({ viewers: z.number().int(), expiresInMs: z.number().int() }),
  },
  'settings:get': { request: noRequest, response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema },
  'queue:start': { request: ExperimentConfigSchema, response: z.object({ experiment: z.number().int() }), live: true },
  'queue:stop': { request: z.object({ experiment: z.number().int() }).strict(), response: z.object({ stopped: z.boolean() }), live: true },
  'supervisor:workloads': { request: noRequest, response: z.array(WorkloadInfoSchema) },
  'supervisor:spawn': { request: SpawnRequestSchema, response: z.array(ChildInfoSchema), live: true },
  'supervisor:join': { request: JoinRequestSchema, response: JoinResultSchema, live: true },
  'supervisor:signal': { request: SignalRequestSchema, response: z.object({ sent: z.literal(true) }), live: true },
  /** setpriority: a new nice value for one process (pid + start time checked first); lowering it needs root. */
  'supervisor:renice': { request: ReniceRequestSchema, response: z.object({ nice: z.number().int() }), live: true },
  /** ioprio_set on each thread: an I/O class (idle, best-effort 0–7, realtime 0–7, none); answers what the kernel now reports. Linux only. */
  'supervisor:ionice': { request: IoniceRequestSchema, response: IoPrioritySchema, live: true },
  /** sched_setaffinity on each thread: the CPUs a process may run on; answers the CPUs it now has. Linux only. */
  'supervisor:affinity': { request: AffinityRequestSchema, response: AffinitySchema, live: true },
  'supervisor:kill': { request: KillRequestSchema, response: KillReportSchema, live: true },
  /** A child's output after a position (stdout and stderr apart; a detached child's log file); in a replay, what the recording kept. */
  'supervisor:log': { request: OutputReadRequestSchema, response: OutputReadSchema },
  /** What kill tree of a process would end, as kill tree finds it, with what Forkscope refuses marked: the confirmation's list. */
  'supervisor:kill-plan': { request: TargetSchema, response: KillPlanSchema },
  'session:status': { request: noRequest, response: SessionStatusSchema },
  /** Starts recording everything the engine sees to a file (default: a new file in the recordings folder). */
  /** `output`: keep the newest 64 KiB of each own child's output too (off by default: output can hold secrets). */
  'recorder:start': {
    request: z.object({ path: z.string().min(1).max(4096).optional(), output: z.boolean().default(false) }).strict(),
    response: RecordingStatusSchema,
  },
  'recorder:stop': { request: noRequest, response: RecordingStatusSchema },
  /** A recording sent in pieces; the last piece answers with the path to open. */
  'replay:upload': {
    request: UploadChunkSchema,
    response: z.object({ uploadId: z.string(), received: z.number().int(), path: z.string().nullable() }),
  },
  /** Drops an upload and its file (the window gave up, or went away). */
  'replay:upload-cancel': {
    request: z.object({ uploadId: z.string().regex(/^[a-f0-9]{16}$/) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Shows the recording instead of the live session; live actions are refused until `replay:close`. */
  'replay:open': { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: ReplayStatusSchema },
  'replay:close': { request: noRequest, response: z.object({ closed: z.boolean() }) },
  'replay:seek': { request: z.object({ ms: z.number().min(0) }).strict(), response: ReplayStatusSchema },
  'replay:play': { request: z.object({ speed: z.number().min(0.25).max(16).optional() }).strict(), response: ReplayStatusSchema },
  'replay:pause': { request: noRequest, response: ReplayStatusSchema },
  /** Moves to the next (or previous) event of a type; `found: false` when there is none. */
  'replay:jump': {
    request: z.object({ type: z.enum(JUMP_TYPES), direction: z.enum(['next', 'previous']) }).strict(),
    response: z.object({ found: z.boolean(), status: ReplayStatusSchema }),
  },
  'replay:markers': { request: noRequest, response: z.array(ReplayMarkerSchema) },
  'lesson:list': { request: noRequest, response: z.array(LessonInfoSchema) },
  'lesson:source': {
    request: z.object({ name: z.string().max(64), engine: z.enum(['python', 'node']) }).strict(),
    response: z.object({ file: z.string(), text: z.string() }),
  },
  /** Starts a lesson; its progress and outcome come as lesson events. One at a time. */
  'lesson:run': {
    request: z.object({ name: z.string().max(64), engine: z.enum(['python', 'node']) }).strict(),
    response: z.object({ run: z.number().int() }),
    live: true,
  },
  'lesson:stop': { request: z.object({ run: z.number().int() }).strict(), response: z.object({ stopped: z.boolean() }), live: true },
  /** An export's first piece (all of it when small); `next` names the byte offset to ask replay:export-piece for. */
  'replay:export': {
    request: z.object({ format: z.enum(['perfetto', 'csv', 'summary']) }).strict(),
    response: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      text: z.string(),
      bytes: z.number().int(),
      exportId: z.string().nullable(),
      next: z.number().int().nullable(),
    }),
  },
  'replay:export-piece': {
    request: z.object({ exportId: z.string().max(64), offset: z.number().int().min(0) }).strict(),
    response: z.object({ text: z.string(), next: z.number().int().nullable() }),
  },
} as const;

export const streams = {
  /**
   * The engine's events, one batch per tick. A new subscriber first gets a keyframe of the
   * current table, so it can fold everything after it.
   */
  'engine:events': z.object({
    events: z.array(EngineEventSchema),
    /** Forget what came before and fold from these (a replay was opened, sought or closed). */
    reset: z.boolean().optional(),
    /** These events hold the lab's kept runs (queue experiments, charted programs, lessons): the lab views start over from them. */
    lab: z.boolean().optional(),
  }),
  'session:status': SessionStatusSchema,
} as const;

export type CommandName = keyof typeof commands;
export type StreamName = keyof typeof streams;
export type CommandRequest<K extends CommandName> = z.infer<(typeof commands)[K]['request']>;
/** What a caller may send: the request before the schema fills in its defaults. */
export type CommandInput<K extends CommandName> = z.input<(typeof commands)[K]['request']>;
export type CommandResponse<K extends CommandName> = z.infer<(typeof commands)[K]['response']>;
export type StreamPayload<S extends StreamName> = z.infer<(typeof streams)[S]>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const STREAM_NAMES = Object.keys(streams) as StreamName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

/** A command that changes the machine (marked `live: true`): recorded as an action, refused during a replay. */
export function isLiveCommand(name: CommandName): boolean {
  const entry = commands[name];
  return 'live' in entry && entry.live;
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.hasOwn(streams, name);
}

/** What a UI client can do, whichever shell carries it. Every subscription returns its unsubscribe. */
export interface ForkscopeApi {
  call<K extends CommandName>(command: K, request: CommandRequest<K>): Promise<Result<CommandResponse<K>>>;
  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void;
}

/** Largest message either binding accepts; the process table of a big machine fits well inside. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
