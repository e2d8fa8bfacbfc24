import { z } from 'zod';
import { PlatformSchema } from './model';

/**
 * What the engine is showing and keeping: live or a replay, and whether it is recording.
 * Sent on the `session:status` stream whenever it changes (during playback, a few times a second).
 */
export const ReplayStatusSchema = z.object({
  path: z.string(),
  host: z.string(),
  platform: PlatformSchema,
  forkscopeVersion: z.string(),
  /** Epoch ms the recording started; offsets count from here. */
  startedAt: z.number(),
  durationMs: z.number(),
  complete: z.boolean(),
  /** How the file was read, when a person should know (cut short, damaged part skipped). */
  notice: z.string().nullable(),
  positionMs: z.number(),
  playing: z.boolean(),
  speed: z.number(),
});
export type ReplayStatus = z.infer<typeof ReplayStatusSchema>;

export const RecordingStatusSchema = z.object({
  path: z.string(),
  startedAt: z.number(),
  records: z.number().int(),
  bytes: z.number().int(),
  error: z.string().nullable(),
  /** It keeps the output of Forkscope's own children (`--record-output`, the checkbox by Record). */
  output: z.boolean(),
});
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

/** The sampler's last failure while it lasts (cleared by the next good tick): the live table is not being refreshed. */
export const SamplerFailureSchema = z.object({ t: z.number(), message: z.string() });
export type SamplerFailure = z.infer<typeof SamplerFailureSchema>;

export const SessionStatusSchema = z.object({
  recording: RecordingStatusSchema.nullable(),
  replay: ReplayStatusSchema.nullable(),
  sampler: SamplerFailureSchema.nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const MarkerKindSchema = z.enum(['spawn', 'exit', 'zombie', 'orphan']);
export const ReplayMarkerSchema = z.object({
  dt: z.number(),
  kind: MarkerKindSchema,
  pid: z.number().int(),
  startTime: z.number(),
  name: z.string(),
});
export type ReplayMarker = z.infer<typeof ReplayMarkerSchema>;

export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** Event types a person can jump between on the timeline. */
export const JUMP_TYPES = [
  'spawned',
  'started',
  'ended',
  'exited',
  'became-zombie',
  'zombie-reaped',
  'orphaned',
  'signaled',
  'state-changed',
  'queue-started',
] as const;

/** A recording sent from the UI in pieces (a browser cannot hand the engine a path). */
export const UploadChunkSchema = z
  .object({
    uploadId: z
      .string()
      .regex(/^[a-f0-9]{16}$/)
      .optional(),
    name: z.string().max(255),
    offset: z.number().int().min(0),
    /** Base64; at most 36 KiB of file per piece so each message stays under the contract's limit. */
    data: z.string().max(49_152),
    done: z.boolean(),
  })
  .strict();
