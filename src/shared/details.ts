import { z } from 'zod';
import { IoPrioritySchema } from './scheduling';

export const ProcessDetailsSchema = z.object({
  exe: z.string().nullable(),
  cwd: z.string().nullable(),
  /** null when the OS does not let this user read it. */
  env: z.array(z.string()).nullable(),
  /** Its I/O class and level (ionice -p); absent where the platform has none, null when unreadable. */
  ioPriority: IoPrioritySchema.nullable().optional(),
  /** The CPUs it may run on (taskset -p, Cpus_allowed_list); absent where the platform has none, null when unreadable. */
  affinity: z.array(z.number().int()).nullable().optional(),
});
export type ProcessDetails = z.infer<typeof ProcessDetailsSchema>;
