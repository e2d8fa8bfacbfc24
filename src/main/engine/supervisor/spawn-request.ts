import { z } from 'zod';
import { checkSpawnRequest, SpawnFieldsSchema } from '../../../shared/supervision';

/**
 * A spawn as the engine's own callers may ask for it (`forkscope run`, lessons): what a client may
 * ask plus what only they may. It is not in the contract, so no window or browser can reach it.
 */
export const InternalSpawnRequestSchema = SpawnFieldsSchema.extend({
  /** Share Forkscope's own stdin/stdout/stderr instead of logging the output (`forkscope run`). */
  passthrough: z.boolean().default(false),
  /** Copy stdout and stderr to Forkscope's own as they come, and keep them in the log too (for a `run` that records output; not wired yet). */
  tee: z.boolean().default(false),
  /** Start an attached child in a session of its own, so its whole subtree can be told apart by session. */
  newSession: z.boolean().default(false),
  /** `command` is a script for Forkscope's own runtime (a lesson): run it as Node, as workloads are. */
  ownRuntime: z.boolean().default(false),
  /**
   * Ends with Forkscope however Forkscope ends, SIGKILL included: its own process group, registered with the watchdog
   * (lessons, `forkscope run`; built-in workloads always). Daemon mode always is; a detached child never.
   */
  guard: z.boolean().default(false),
})
  .strict()
  .superRefine(checkSpawnRequest);

type Input = z.input<typeof InternalSpawnRequestSchema>;
/**
 * A spawn request as the supervisor takes it, already checked (by the contract, or by InternalSpawnRequestSchema):
 * the schema's input, defaults optional, with env as checked (the schema reads env from an unknown value first).
 */
export type SpawnRequest = Omit<Input, 'env'> & { env?: z.output<typeof InternalSpawnRequestSchema>['env'] };
