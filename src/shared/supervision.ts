import { z } from 'zod';
import { SpawnModeSchema } from './events';
import { SignalSpecSchema } from './signals';

/**
 * UI contract shapes for the children Forkscope spawns, joins, signals and kills. A process is named
 * the same way everywhere: this pid plus start time (processKey in model.ts makes its key).
 */
export const TargetSchema = z.object({ pid: z.number().int(), startTime: z.number() }).strict();
const target = TargetSchema.shape;
export type ProcessTarget = z.infer<typeof TargetSchema>;

/** The kernel takes command, arguments, folder and environment as C strings: a NUL byte would cut one short. */
const cString = (field: string, max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\0'), { message: `${field} must not contain a NUL byte (\\0); remove it` });

/**
 * A record schema drops a `__proto__` key without a word and replaces its key messages by "Invalid key": the names
 * are checked here first, on the raw object, so each bad one is refused by name.
 */
function envNameProblem(name: string): string | null {
  if (name === '__proto__') return 'an environment variable cannot be named __proto__';
  if (name.length === 0 || name.includes('=')) return 'an environment variable name must be non-empty and contain no "="';
  if (name.includes('\0')) return 'an environment variable name must not contain a NUL byte (\\0); remove it';
  if (name.length > 256) return 'an environment variable name must be at most 256 characters';
  return null;
}
const EnvSchema = z.preprocess(
  (value, context) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    for (const name of Object.keys(value)) {
      const problem = envNameProblem(name);
      if (problem) context.addIssue({ code: 'custom', message: problem, path: [name], input: value });
    }
    return value;
  },
  z.record(z.string(), cString('an environment variable value', 8192)),
);

/**
 * Bounds of a restart policy, each named in the error that enforces it (the schema's messages). The limit of restarts
 * in a window is the policy's own (`restart.maxRestarts` per `restart.windowMs`); these bound what a client may ask.
 */
export const RESTART_BOUNDS = {
  minBackoffMs: 50,
  maxBackoffMs: 600_000,
  maxRestartsPerWindow: 100,
  minWindowMs: 1_000,
  maxWindowMs: 3_600_000,
} as const;

/** The back-off a policy has unless it says otherwise: 0.5 s, doubling, at most 30 s. */
export const RESTART_BACKOFF_DEFAULTS = { backoffMs: 500, maxBackoffMs: 30_000 } as const;

const boundedMs = (field: string, min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { message: `${field} must be at least ${min} ms` })
    .max(max, { message: `${field} must be at most ${max} ms` });

/**
 * When Forkscope starts a child again after it ends, as pm2 and supervisord do: never (the default), on failure
 * (exit code not 0, or killed by a signal), or always. The n-th restart within the window waits backoffMs × 2^(n−1),
 * at most maxBackoffMs; past maxRestarts within windowMs it stops restarting and says so. A signal or kill by the
 * person ends the policy (as pm2 stop does), and so does Forkscope's shutdown.
 */
export const RestartPolicySchema = z
  .object({
    when: z.enum(['never', 'on-failure', 'always']).default('never'),
    backoffMs: boundedMs('restart.backoffMs', RESTART_BOUNDS.minBackoffMs, RESTART_BOUNDS.maxBackoffMs).default(RESTART_BACKOFF_DEFAULTS.backoffMs),
    maxBackoffMs: boundedMs('restart.maxBackoffMs', RESTART_BOUNDS.minBackoffMs, RESTART_BOUNDS.maxBackoffMs).default(
      RESTART_BACKOFF_DEFAULTS.maxBackoffMs,
    ),
    maxRestarts: z
      .number()
      .int()
      .min(1, { message: 'restart.maxRestarts must be at least 1' })
      .max(RESTART_BOUNDS.maxRestartsPerWindow, {
        message: `restart.maxRestarts must be at most ${RESTART_BOUNDS.maxRestartsPerWindow} (RESTART_BOUNDS.maxRestartsPerWindow)`,
      })
      .default(5),
    windowMs: boundedMs('restart.windowMs', RESTART_BOUNDS.minWindowMs, RESTART_BOUNDS.maxWindowMs).default(60_000),
  })
  .strict()
  .refine((p) => p.maxBackoffMs >= p.backoffMs, { message: 'restart.maxBackoffMs must not be below restart.backoffMs' });
export type RestartPolicy = z.output<typeof RestartPolicySchema>;
export type RestartWhen = RestartPolicy['when'];

/** The fields of a spawn request a client may set; the engine's own callers have a few more (engine/supervisor/spawn-request.ts). */
export const SpawnFieldsSchema = z
  .object({
    workload: z.string().min(1).max(64).optional(),
    command: cString('command', 4096).min(1).optional(),
    args: z.array(cString('each argument', 4096)).max(256).default([]),
    cwd: cString('cwd (the working folder)', 4096).optional(),
    env: EnvSchema.optional(),
    mode: SpawnModeSchema.default('attached'),
    count: z.number().int().min(1).max(100).default(1),
    /** Count the multiprocessing queues of a Python command and its children (`--queues`). */
    watchQueues: z.boolean().default(false),
    restart: RestartPolicySchema.optional(),
  })
  .strict();

/** What no field alone can say: the checks every spawn request passes, whoever sends it. */
export function checkSpawnRequest(
  r: { workload?: string; command?: string; watchQueues: boolean; count: number; restart?: RestartPolicy },
  context: z.RefinementCtx,
): void {
  if ((r.workload === undefined) === (r.command === undefined))
    context.addIssue({ code: 'custom', message: 'give either a workload or a command, not both' });
  if (r.watchQueues && (r.command === undefined || r.count !== 1))
    context.addIssue({ code: 'custom', message: "watching a program's queues takes one command, not a workload or several copies" });
  if (r.watchQueues && r.restart && r.restart.when !== 'never')
    context.addIssue({
      code: 'custom',
      message: 'a program whose queues are charted is not restarted (its charts follow one run); choose one of the two',
    });
}

export const SpawnRequestSchema = SpawnFieldsSchema.superRefine(checkSpawnRequest);

export const ExitInfoSchema = z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), runMs: z.number(), reapedAt: z.number() });

/** One child Forkscope started, as the UI lists it; `exit` stays null while it runs. */
export const ChildInfoSchema = z.object({
  ...target,
  name: z.string(),
  mode: SpawnModeSchema,
  command: z.string(),
  args: z.array(z.string()),
  startedAt: z.number(),
  logFile: z.string().nullable(),
  exit: ExitInfoSchema.nullable(),
  /** How many times its restart policy started it again before this run (0: the first run). */
  restarts: z.number().int().default(0),
});
export type ExitInfo = z.infer<typeof ExitInfoSchema>;
export type ChildInfo = z.infer<typeof ChildInfoSchema>;

export const JoinResultSchema = z.union([
  z.object({
    timedOut: z.literal(false),
    ...target,
    code: z.number().int().nullable(),
    signal: z.string().nullable(),
    runMs: z.number(),
    reapedAt: z.number(),
  }),
  z.object({ timedOut: z.literal(true), ...target, runningMs: z.number() }),
]);
export type JoinResult = z.infer<typeof JoinResultSchema>;

export const KillOutcomeSchema = z.enum(['terminated', 'killed', 'already-gone', 'zombie', 'survived', 'refused']);
export type KillOutcome = z.infer<typeof KillOutcomeSchema>;
export const KillReportEntrySchema = z.object({
  ...target,
  name: z.string(),
  outcome: KillOutcomeSchema,
  /** It had left the root's session (setsid), so only its ancestry tied it to the tree. */
  escapedSession: z.boolean(),
  detail: z.string().optional(),
});
export type KillReportEntry = z.infer<typeof KillReportEntrySchema>;

export const KillReportSchema = z.object({
  pid: z.number().int(),
  tree: z.boolean(),
  graceMs: z.number(),
  entries: z.array(KillReportEntrySchema),
});
export type KillReport = z.infer<typeof KillReportSchema>;

/**
 * One process kill tree would reach, as the confirmation lists it: `kill` (it will be sent TERM, then KILL), `refused`
 * (Forkscope will not signal it: init, Forkscope itself, its ancestors or helpers, a kernel thread), or `zombie`
 * (already dead; only its parent's wait() removes it). `depth` indents it under the root, by parent.
 */
export const KillPlanMemberSchema = z.object({
  ...target,
  name: z.string(),
  cmd: z.string(),
  ppid: z.number().int(),
  depth: z.number().int(),
  status: z.enum(['kill', 'refused', 'zombie']),
  /** Why it is refused, or how it was found when it left the parent chain. */
  reason: z.string().nullable(),
});
export type KillPlanMember = z.infer<typeof KillPlanMemberSchema>;

/** What kill tree of `pid` would end, found the way kill tree finds it (parents, lineage, session and group); `refused` when the root itself is. */
export const KillPlanSchema = z.object({
  pid: z.number().int(),
  refused: z.string().nullable(),
  members: z.array(KillPlanMemberSchema),
});
export type KillPlan = z.infer<typeof KillPlanSchema>;

export const WorkloadInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** What the arguments mean, in order, with defaults. */
  usage: z.string(),
});
export type WorkloadInfo = z.infer<typeof WorkloadInfoSchema>;

export const SignalRequestSchema = TargetSchema.extend({ signal: SignalSpecSchema }).strict();
/** renice: the nice value to set, -20 (most favoured) to 19 (least), as setpriority takes it. */
export const ReniceRequestSchema = TargetSchema.extend({ nice: z.number().int().min(-20).max(19) }).strict();
export const KillRequestSchema = TargetSchema.extend({
  tree: z.boolean().default(false),
  graceMs: z.number().int().min(0).max(60_000).default(3000),
}).strict();
export const JoinRequestSchema = TargetSchema.extend({ timeoutMs: z.number().int().min(0).max(3_600_000).optional() }).strict();
