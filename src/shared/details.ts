import { z } from 'zod';

export const ProcessDetailsSchema = z.object({
  exe: z.string().nullable(),
  cwd: z.string().nullable(),
  /** null when the OS does not let this user read it. */
  env: z.array(z.string()).nullable(),
});
export type ProcessDetails = z.infer<typeof ProcessDetailsSchema>;
