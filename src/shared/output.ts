import { z } from 'zod';
import { TargetSchema } from './supervision';

/**
 * The output of a process Forkscope started, as `supervisor:log` hands it out: in pieces since a position, so a view
 * that polls gets only what is new. Positions count characters of the output since the process started (bytes of its
 * log file for a detached child), dropped ones included, so `start > 0` says the bound dropped the oldest.
 */
export const OutputStreamSchema = z.enum(['stdout', 'stderr', 'combined']);
/** `combined`: stdout and stderr went to one file (a detached child's log), so they cannot be told apart. */
export type OutputStream = z.infer<typeof OutputStreamSchema>;

export const OutputChunkSchema = z.object({
  stream: OutputStreamSchema,
  /** Epoch ms when Forkscope read it; null when it was read back from a file. */
  t: z.number().nullable(),
  text: z.string(),
});
export type OutputChunk = z.infer<typeof OutputChunkSchema>;

/** Where the output shown comes from, and so what bounds it. */
export const OutputSourceSchema = z.enum(['memory', 'log-file', 'recording', 'not-recorded']);
export type OutputSource = z.infer<typeof OutputSourceSchema>;

export const OutputReadSchema = z.object({
  chunks: z.array(OutputChunkSchema),
  /** Position of the first character of `chunks`: the caller's `after` when it still holds up to there, else `start`. */
  from: z.number().int().nonnegative(),
  /** First position still kept: what came before was dropped to stay within `limit`. */
  start: z.number().int().nonnegative(),
  /** Position after the last character. */
  end: z.number().int().nonnegative(),
  source: OutputSourceSchema,
  /** The bound on what is kept: characters (bytes for a log file or a recording) and, for memory, lines. */
  limit: z.object({ size: z.number().int(), lines: z.number().int().nullable() }),
  /** A detached child's log file on disk (it outlives Forkscope), or null. */
  logFile: z.string().nullable(),
});
export type OutputRead = z.infer<typeof OutputReadSchema>;

export const OutputReadRequestSchema = TargetSchema.extend({
  /** What the caller already holds: only what came after this position is sent (everything kept when it is not given). */
  after: z.number().int().nonnegative().optional(),
}).strict();

/** A recording keeps at most this much of each process's output, its newest (`--record-output`). */
export const RECORDED_OUTPUT_BYTES = 64 * 1024;
