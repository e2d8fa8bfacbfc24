import type { ProcessState } from '../../../shared/model';

/**
 * One row of the OS process table as a sampler backend reads it, before analysis
 * (zombie/orphan flags, CPU % over a window) turns it into a ProcessInfo.
 * A field the OS will not show this user is null, never a crash.
 */
export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number | null;
  sid: number | null;
  name: string;
  /** Full command line joined with spaces; the name in brackets when the kernel gives none (kernel threads). */
  cmd: string;
  state: ProcessState;
  uid: number | null;
  user: string | null;
  /** Raw start time as the OS counts it (Linux: clock ticks since boot). Identity is pid + startTime. */
  startTime: number;
  /** Epoch ms derived from startTime, for people. */
  startedAt: number;
  /** Cumulative user+system CPU time in ms, or null when unreadable. */
  cpuTimeMs: number | null;
  rssBytes: number | null;
  threads: number | null;
  /** Read with the table where the OS gives them in the same call (Linux /proc/PID/stat); null where it does not. */
  nice?: number | null;
  priority?: number | null;
  virtBytes?: number | null;
  stateLetter?: string | null;
  /** Read only for the rows a viewer asked for (ReadDemand): absent when not asked, null when the OS refused. */
  shrBytes?: number | null;
  /** Cumulative bytes read from and written to storage; null when the OS refused (another user's process). */
  ioReadBytes?: number | null;
  ioWriteBytes?: number | null;
  /** Windows: private committed bytes (Process Explorer's "Private Bytes"). Absent where the backend has none. */
  privateBytes?: number | null;
  /** Windows: open handles. */
  handles?: number | null;
  /** Windows: the Remote Desktop Services session (not a POSIX session, which is `sid`). */
  winSessionId?: number | null;
}

/** Which per-row files a read opens, and for which rows (the union of what viewers show; see shared/demand.ts). */
export interface RowReadDemand {
  shr: boolean;
  io: boolean;
  rows: 'all' | ReadonlySet<string>;
}
