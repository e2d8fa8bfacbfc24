import { z } from 'zod';
import { EngineEventSchema } from './events';
import { ProcessDetailsSchema } from './details';
import { AppInfoSchema, SnapshotSchema } from './model';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import {
  ChildInfoSchema,
  JoinRequestSchema,
  JoinResultSchema,
  KillReportSchema,
  KillRequestSchema,
  SignalRequestSchema,
  SpawnRequestSchema,
  TargetSchema,
  WorkloadInfoSchema,
} from './supervision';
import type { Result } from './result';

/**
 * The one table of UI traffic: every command (request → response) and every event stream,
 * each with the runtime schema its receiver validates against. The Electron bridge and the
 * WebSocket host are both bindings of this table; neither has a channel of its own.
 */
const noRequest = z.object({}).strict();

export const commands = {
  'app:info': { request: noRequest, response: AppInfoSchema },
  'sampler:snapshot': { request: noRequest, response: SnapshotSchema },
  'sampler:details': { request: TargetSchema, response: ProcessDetailsSchema },
  'settings:get': { request: noRequest, response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema },
  'queue:start': { request: z.record(z.string(), z.unknown()), response: z.object({ experiment: z.number().int() }) },
  'queue:stop': { request: z.object({ experiment: z.number().int() }).strict(), response: z.object({ stopped: z.boolean() }) },
  'supervisor:workloads': { request: noRequest, response: z.array(WorkloadInfoSchema) },
  'supervisor:spawn': { request: SpawnRequestSchema, response: z.array(ChildInfoSchema) },
  'supervisor:children': { request: noRequest, response: z.array(ChildInfoSchema) },
  'supervisor:join': { request: JoinRequestSchema, response: JoinResultSchema },
  'supervisor:signal': { request: SignalRequestSchema, response: z.object({ sent: z.literal(true) }) },
  'supervisor:kill': { request: KillRequestSchema, response: KillReportSchema },
  'supervisor:log': { request: z.object({ pid: z.number().int() }).strict(), response: z.object({ text: z.string() }) },
} as const;

export const streams = {
  /**
   * The engine's events, one batch per tick. A new subscriber first gets a keyframe of the
   * current table, so it can fold everything after it.
   */
  'engine:events': z.object({ events: z.array(EngineEventSchema) }),
} as const;

export type CommandName = keyof typeof commands;
export type StreamName = keyof typeof streams;
export type CommandRequest<K extends CommandName> = z.infer<(typeof commands)[K]['request']>;
export type CommandResponse<K extends CommandName> = z.infer<(typeof commands)[K]['response']>;
export type StreamPayload<S extends StreamName> = z.infer<(typeof streams)[S]>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const STREAM_NAMES = Object.keys(streams) as StreamName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
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
