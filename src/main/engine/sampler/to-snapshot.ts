import type { Platform, ProcessInfo, Snapshot } from '../../../shared/model';
import type { FormerParent } from '../../../shared/analysis/orphans';
import { isReaper } from '../../../shared/analysis/reapers';
import type { ProcessRow } from './types';

/** Rows plus what analysis found, as the Snapshot every shell and `snapshot --json` show. */
export function toSnapshot(input: {
  takenAt: number;
  platform: Platform;
  rows: readonly ProcessRow[];
  cpu: ReadonlyMap<number, number | null>;
  orphans: ReadonlyMap<number, FormerParent | null>;
  /** Init and the named subreapers: marked on each process, so views never decide who reaps. */
  reaperPids: ReadonlySet<number>;
  /** The columns viewers show beyond the base ones (see demanded-fields.ts). */
  extras?: (row: ProcessRow) => Partial<ProcessInfo>;
}): Snapshot {
  const processes: ProcessInfo[] = input.rows.map((row) =>
    toProcessInfo(row, input.cpu.get(row.pid) ?? null, input.orphans.get(row.pid), input.reaperPids, input.extras?.(row)),
  );
  return snapshotOf(input.takenAt, input.platform, processes);
}

/** A Snapshot of these processes, with its zombie and orphan lists. */
export function snapshotOf(takenAt: number, platform: Platform, processes: ProcessInfo[]): Snapshot {
  return {
    takenAt,
    platform,
    processes,
    zombies: processes.filter((p) => p.zombie).map((p) => p.pid),
    orphans: processes.filter((p) => p.orphan).map((p) => p.pid),
  };
}

/** One row as a ProcessInfo; `formerParent` undefined means not an orphan, null an orphan of unknown parent. */
export function toProcessInfo(
  row: ProcessRow,
  cpuPercent: number | null,
  formerParent: FormerParent | null | undefined,
  reaperPids: ReadonlySet<number>,
  extras?: Partial<ProcessInfo>,
): ProcessInfo {
  return {
    pid: row.pid,
    ppid: row.ppid,
    name: row.name,
    cmd: row.cmd,
    state: row.state,
    user: row.user,
    startedAt: row.startedAt,
    startTime: row.startTime,
    cpuPercent,
    rssBytes: row.rssBytes,
    zombie: row.state === 'zombie',
    orphan: formerParent !== undefined,
    pgid: row.pgid,
    sid: row.sid,
    threads: row.threads,
    // Only the backends that read them add these, so other platforms' snapshots keep their shape.
    ...(row.privateBytes !== undefined ? { privateBytes: row.privateBytes } : {}),
    ...(row.handles !== undefined ? { handles: row.handles } : {}),
    ...(row.winSessionId !== undefined ? { winSessionId: row.winSessionId } : {}),
    formerParent: formerParent ?? null,
    reaper: isReaper(row, reaperPids),
    ...extras,
  };
}
