import { z } from 'zod';

/** The closed set of process states, as psutil keeps one; each backend maps its letters onto it. */
export const PROCESS_STATES = ['running', 'sleeping', 'disk-sleep', 'stopped', 'zombie', 'idle', 'dead', 'unknown'] as const;
export const ProcessStateSchema = z.enum(PROCESS_STATES);
export type ProcessState = z.infer<typeof ProcessStateSchema>;

export const PlatformSchema = z.enum(['linux', 'darwin', 'win32']);
export type Platform = z.infer<typeof PlatformSchema>;

/**
 * One process as a snapshot shows it. Fields may be added, never renamed or removed:
 * `forkscope snapshot --json` prints this shape and scripts depend on it.
 */
export const ProcessInfoSchema = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  name: z.string(),
  cmd: z.string(),
  state: ProcessStateSchema,
  user: z.string().nullable(),
  /** Epoch ms, for people. Identity uses `startTime`, which does not move when the clock is stepped. */
  startedAt: z.number(),
  /** Raw start time as the OS counts it (Linux: clock ticks since boot); with `pid`, the identity of a process. */
  startTime: z.number(),
  cpuPercent: z.number().nullable(),
  rssBytes: z.number().nullable(),
  zombie: z.boolean(),
  orphan: z.boolean(),
  pgid: z.number().int().nullable().optional(),
  sid: z.number().int().nullable().optional(),
  threads: z.number().int().nullable().optional(),
  /** For an orphan: the parent it had before it was re-parented, when Forkscope saw it. */
  formerParent: z.object({ pid: z.number().int(), name: z.string() }).nullable().optional(),
});
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>;

export const SnapshotSchema = z.object({
  takenAt: z.number(),
  platform: PlatformSchema,
  processes: z.array(ProcessInfoSchema),
  zombies: z.array(z.number().int()),
  orphans: z.array(z.number().int()),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const AppInfoSchema = z.object({
  name: z.literal('forkscope'),
  version: z.string(),
  platform: PlatformSchema,
  /** The pid of the process that runs the engine (Electron main or `forkscope serve`). */
  enginePid: z.number().int(),
  shell: z.enum(['electron', 'host']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Identity of a process everywhere in Forkscope: pid plus raw start time. */
export function processKey(p: { pid: number; startTime: number }): string {
  return `${p.pid}@${p.startTime}`;
}
