import { z } from 'zod';
import { ProcessInfoSchema, ProcessStateSchema, SnapshotSchema } from './model';

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
export const ProcessChangeSchema = z.object({
  pid: z.number().int(),
  startTime: z.number(),
  cpuPercent: z.number().nullable().optional(),
  rssBytes: z.number().nullable().optional(),
  threads: z.number().int().nullable().optional(),
  orphan: z.boolean().optional(),
});
export type ProcessChange = z.infer<typeof ProcessChangeSchema>;

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
  z.object({ type: z.literal('sample'), t: z.number(), changes: z.array(ProcessChangeSchema) }),
  z.object({ type: z.literal('keyframe'), t: z.number(), snapshot: SnapshotSchema }),
]);
export type SamplerEvent = z.infer<typeof SamplerEventSchema>;
export type SamplerEventType = SamplerEvent['type'];
