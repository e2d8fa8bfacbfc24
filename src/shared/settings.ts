import { z } from 'zod';

/**
 * What one Forkscope may have running at once. Set in the settings file (key `limits`) or by `serve` flags, which win;
 * never by a client (`settings:set` refuses the key), since the limits are there to bound what clients can ask for.
 */
export const RunLimitsSchema = z
  .object({
    /** Processes Forkscope started that are still running, whole subtrees counted. */
    maxProcesses: z.number().int().min(1).max(1_000_000).default(1024),
    /** Queue Lab experiments running at once. */
    maxExperiments: z.number().int().min(1).max(1000).default(4),
    /** Memory asked of running workloads (memory-hog's megabytes × count), in MB. */
    maxWorkloadMemoryMb: z.number().int().min(1).max(16_777_216).default(4096),
  })
  .strict();
export type RunLimits = z.infer<typeof RunLimitsSchema>;

/** What the UI remembers between runs; kept by the engine, since a browser's storage changes with the host's port. */
export const SettingsSchema = z.object({
  language: z.enum(['en', 'zh-CN']).nullable().default(null),
  tree: z.boolean().default(true),
  sortKey: z.enum(['pid', 'name', 'state', 'cpu', 'memory', 'user', 'started', 'command']).default('pid'),
  sortDescending: z.boolean().default(false),
  detailsWidth: z.number().int().min(240).max(1200).default(420),
  hiddenColumns: z.array(z.string().max(32)).max(16).default([]),
  limits: RunLimitsSchema.prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.omit({ limits: true }).partial().strict();
