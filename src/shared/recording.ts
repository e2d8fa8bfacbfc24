import { z } from 'zod';
import { EngineEventSchema, SystemStatsSchema } from './events';
import { PlatformSchema, ProcessInfoSchema, SnapshotSchema } from './model';
import { OutputChunkSchema } from './output';
import { FailureSchema } from './result';

/**
 * A Forkscope recording: newline-delimited JSON (gzip-compressed), one header line, then
 * records in the order they happened, each with `dt`, ms since the header's `startedAt`.
 * The process table is kept as periodic full keyframes plus the lifecycle and sample events
 * between them. docs/recording-format.md describes the format for other readers.
 */
export const RECORDING_FORMAT = 'forkscope-recording';
/** Bumped when a reader of the previous version could misread a file; new optional fields do not bump it. */
// 2: kernel lifecycle events (exec, exit, lifecycle, events-lost) change rows (names at exec, zombies at exit); a version 1
// reader would skip them and show old names. Version 1 files still open: they hold none of these.
// 3: `output` records (the kept output of Forkscope's own children, asked for with --record-output) and the header's
// `output`; a version 2 reader would drop the output a person asked to keep. Version 1 and 2 files still open.
export const RECORDING_FORMAT_VERSION = 3;
/** The writer stores its own full table at least this often (recorded time). */
export const RECORDING_KEYFRAME_EVERY_MS = 30_000;

export const RecordingHeaderSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(RECORDING_FORMAT),
  version: z.number().int().positive(),
  forkscopeVersion: z.string(),
  platform: PlatformSchema,
  host: z.string(),
  /** Epoch ms; every record's `dt` counts from here. */
  startedAt: z.number(),
  /** The sampler's interval when the recording was made. */
  intervalMs: z.number().positive(),
  /** The output of Forkscope's own children was kept (`--record-output`, version 3 on); absent or false: it was not. */
  output: z.boolean().optional(),
});
export type RecordingHeader = z.infer<typeof RecordingHeaderSchema>;

/** Offset from the header's `startedAt` in ms; never decreases from one record to the next. */
const dt = z.number().nonnegative();

/** One engine event as it happened: a lifecycle or sample diff, system figures, a supervisor or queue event. */
export const EventRecordSchema = z.object({ kind: z.literal('event'), dt, event: EngineEventSchema });
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** The writer's full process table; replay starts folding from the nearest one before the seek point. */
export const KeyframeRecordSchema = z.object({
  kind: z.literal('keyframe'),
  dt,
  snapshot: SnapshotSchema,
  /** The last whole-machine figures, so a seek shows the header at once. */
  system: SystemStatsSchema.nullable(),
});
export type KeyframeRecord = z.infer<typeof KeyframeRecordSchema>;

/**
 * Rows the sampler's own keyframe corrected (kernel workers and exec'd programs change name
 * without an event): replace `upsert` rows whole, drop `remove` rows. Not an event, so neither
 * the event log nor the markers show it.
 */
export const CorrectionRecordSchema = z.object({
  kind: z.literal('correction'),
  dt,
  /** Epoch ms of the sampler keyframe it comes from. */
  t: z.number(),
  upsert: z.array(ProcessInfoSchema),
  remove: z.array(z.object({ pid: z.number().int(), startTime: z.number() })),
});
export type CorrectionRecord = z.infer<typeof CorrectionRecordSchema>;

export const ActionOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: FailureSchema }),
]);
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

/** Something a person asked for (spawn, signal, kill, join, a queue experiment) and what came of it. */
export const ActionRecordSchema = z.object({
  kind: z.literal('action'),
  dt,
  /** The contract command, e.g. `supervisor:spawn`. */
  command: z.string(),
  request: z.unknown(),
  outcome: ActionOutcomeSchema,
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;
export type RecordedAction = Omit<ActionRecord, 'kind' | 'dt'>;

/**
 * The newest output (at most RECORDED_OUTPUT_BYTES) of one process Forkscope started, written once its output is
 * complete or when the recording stops. Each chunk keeps the epoch ms it was read, so a replay shows it as it came.
 */
export const OutputRecordSchema = z.object({
  kind: z.literal('output'),
  dt,
  pid: z.number().int(),
  startTime: z.number(),
  /** Characters of its output before the first one kept: the bounds dropped them. */
  dropped: z.number().int().nonnegative(),
  chunks: z.array(OutputChunkSchema),
});
export type OutputRecord = z.infer<typeof OutputRecordSchema>;

/** Written by a clean close only: a file without one was cut short. */
export const TrailerRecordSchema = z.object({
  kind: z.literal('trailer'),
  dt,
  /** Epoch ms. */
  endedAt: z.number(),
  /** Records between the header and this trailer. */
  records: z.number().int().nonnegative(),
});
export type TrailerRecord = z.infer<typeof TrailerRecordSchema>;

export const RecordingRecordSchema = z.discriminatedUnion('kind', [
  EventRecordSchema,
  KeyframeRecordSchema,
  CorrectionRecordSchema,
  ActionRecordSchema,
  OutputRecordSchema,
  TrailerRecordSchema,
]);
export type RecordingRecord = z.infer<typeof RecordingRecordSchema>;
/** Records that carry the session (everything but the trailer). */
export type BodyRecord = EventRecord | KeyframeRecord | CorrectionRecord | ActionRecord | OutputRecord;

/** A recording as a reader opened it. */
export interface Recording {
  header: RecordingHeader;
  /** Every readable record between the header and the trailer, in file order. */
  records: BodyRecord[];
  trailer: TrailerRecord | null;
  /** The trailer was seen: the writer closed the file cleanly and nothing was lost. */
  complete: boolean;
  /** What a person should know about how the file was read (cut short, damaged); null when all is well. */
  notice: string | null;
  /** ms from the start to the trailer, or to the last readable record. */
  durationMs: number;
  /** Seek index: indexes into `records` of the keyframe records, in time order. */
  keyframes: number[];
}

/** `mm:ss`, or `h:mm:ss` from an hour on, for offsets shown to people. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
