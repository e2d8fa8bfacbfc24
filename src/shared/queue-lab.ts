import { z } from 'zod';

/** An experiment's parameters, as the UI, the CLI and the lessons give them (the `queue:start` request). */
export const ExperimentConfigSchema = z
  .object({
    engine: z.enum(['node', 'python']).default('node'),
    producers: z.number().int().min(1).max(64).default(2),
    consumers: z.number().int().min(1).max(64).default(2),
    capacity: z.number().int().min(1).max(1_000_000).default(3),
    messages: z.number().int().min(1).max(100_000_000).default(1000),
    /** Seconds producers keep putting; when set, it replaces `messages`. */
    duration: z.number().positive().max(86_400).nullable().default(null),
    size: z.number().int().min(0).max(1_048_576).default(64),
    /** Messages per second per producer; 0 is as fast as possible. */
    rate: z.number().min(0).default(0),
    workMs: z.number().min(0).max(60_000).default(0),
    timeoutMs: z.number().int().min(0).max(3_600_000).nullable().default(null),
    termination: z.enum(['sentinel', 'joinable']).default('sentinel'),
  })
  .strict();
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
