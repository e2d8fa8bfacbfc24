import { z } from 'zod';
import { SignalInfoSchema } from './signals';

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
  /**
   * htop's columns, filled only while a viewer shows them (see shared/demand.ts): absent means not read, null that the
   * OS gave nothing for this process. Cumulative user + system CPU time (TIME+), in ms.
   */
  cpuTimeMs: z.number().nullable().optional(),
  /** Nice value (-20…19 on Linux); the kernel's priority as /proc shows it (20 + nice for normal tasks), Windows' base priority. */
  nice: z.number().int().nullable().optional(),
  priority: z.number().int().nullable().optional(),
  /** Virtual memory size (VIRT), and resident memory shared with other processes (SHR), in bytes. */
  virtBytes: z.number().nullable().optional(),
  shrBytes: z.number().nullable().optional(),
  /** The OS's own state letter (R, S, D, T, t, Z, I…), which the closed `state` set folds. */
  stateLetter: z.string().max(2).nullable().optional(),
  /** Storage I/O rates in bytes per second; null before a second reading. `ioReadable: false`: the OS refused (another user's). */
  ioReadBps: z.number().nullable().optional(),
  ioWriteBps: z.number().nullable().optional(),
  ioReadable: z.boolean().optional(),
  /** Windows: private committed bytes (Process Explorer's "Private Bytes"). */
  privateBytes: z.number().nullable().optional(),
  /** Windows: open handles. */
  handles: z.number().int().nullable().optional(),
  /** Windows: the Remote Desktop Services session (not a POSIX session, which is `sid`). */
  winSessionId: z.number().int().nullable().optional(),
  /** For an orphan: the parent it had before it was re-parented, when Forkscope saw it. */
  formerParent: z.object({ pid: z.number().int(), name: z.string() }).nullable().optional(),
  /** Adopts orphans (init, a container init, a named subreaper): the engine marks it; absent in old recordings, derived on reading. */
  reaper: z.boolean().optional(),
  /** Its wait status once the kernel reported its exit (events mode); it stays a zombie until reaped. */
  exit: z
    .object({ code: z.number().int().nullable(), signal: z.string().nullable(), core: z.boolean(), runMs: z.number().nullable().optional() })
    .nullable()
    .optional(),
});
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>;

/** How the sampler reads the process table: natively (/proc, NtQuerySystemInformation, sysctl) or through a fallback. */
export const ReaderKindSchema = z.enum(['native', 'fallback']);
export type ReaderKind = z.infer<typeof ReaderKindSchema>;
export const ReaderInfoSchema = z.object({
  kind: ReaderKindSchema,
  /** What is read: "/proc", "NtQuerySystemInformation", "PowerShell CIM (Win32_Process)", "ps"… */
  source: z.string(),
  /** Why the fallback is in use; null for the native reader. */
  reason: z.string().nullable(),
});
export type ReaderInfo = z.infer<typeof ReaderInfoSchema>;

export const LifecycleModeSchema = z.enum(['events', 'sampled']);
export type LifecycleMode = z.infer<typeof LifecycleModeSchema>;
/** Where the table's shape comes from: kernel process events, or sampling alone; with the reason, for people. */
export const LifecycleStatusSchema = z.object({ mode: LifecycleModeSchema, reason: z.string() });
export type LifecycleStatus = z.infer<typeof LifecycleStatusSchema>;

export const SnapshotSchema = z.object({
  takenAt: z.number(),
  platform: PlatformSchema,
  processes: z.array(ProcessInfoSchema),
  zombies: z.array(z.number().int()),
  orphans: z.array(z.number().int()),
  /** Set by `forkscope snapshot`: which reader read this table, and why the fallback when it is. */
  reader: ReaderKindSchema.optional(),
  readerSource: z.string().optional(),
  readerReason: z.string().nullable().optional(),
  lifecycle: LifecycleStatusSchema.optional(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const AppInfoSchema = z.object({
  name: z.literal('forkscope'),
  version: z.string(),
  platform: PlatformSchema,
  /** The pid of the process that runs the engine (Electron main or `forkscope serve`). */
  enginePid: z.number().int(),
  shell: z.enum(['electron', 'host']),
  /** How this engine reads the process table (native or fallback, and why). */
  reader: ReaderInfoSchema.optional(),
  /** The signals this platform has, by name and number (kill -l), for the signal menu. */
  signals: z.array(SignalInfoSchema).optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

declare const processKeyBrand: unique symbol;
/** Identity of a process everywhere in Forkscope: pid plus raw start time. Only `processKey` makes one. */
export type ProcessKey = string & { readonly [processKeyBrand]: true };

/** The one way to name a process: pid plus raw start time, so a reused pid is another process. */
export function processKey(p: { pid: number; startTime: number }): ProcessKey {
  return `${p.pid}@${p.startTime}` as ProcessKey;
}

/**
 * How far the start time taken from a kernel fork event's stamp may be from the one /proc reads for the same process:
 * the stamp comes microseconds after the fork and can fall past a clock tick's edge. No pid is reused that soon (the
 * kernel hands pids out in turn), so two start times this close for one pid are one process.
 */
export const STAMP_ROUNDING_TICKS = 1;
