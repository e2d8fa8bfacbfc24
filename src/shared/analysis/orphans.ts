import { processKey, type ProcessKey } from '../model';
import { isReaper } from './reapers';

export interface FormerParent {
  pid: number;
  name: string;
}

/** What orphan classification reads of a row (a sampler row has all of it). */
export interface OrphanCandidate {
  pid: number;
  ppid: number;
  startTime: number;
  name: string;
  state: string;
  pgid: number | null;
  sid: number | null;
}

/**
 * Orphans a one-shot snapshot can tell without history: the parent is init or a reaper, and
 * the process group or session the process was started in has lost its leader. A process
 * that leads its own session was daemonized on purpose and is not an orphan.
 */
export function findOrphansWithoutHistory(rows: readonly OrphanCandidate[], reaperPids: ReadonlySet<number>): Set<number> {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const orphans = new Set<number>();
  for (const row of rows) {
    if (row.state === 'zombie' || row.pid <= 2 || row.ppid <= 0) continue;
    const parent = byPid.get(row.ppid);
    if (!parent || !isReaper(parent, reaperPids)) continue;
    if (isReaper(row, reaperPids) || row.sid === row.pid) continue;
    const groupLeaderGone = row.pgid !== null && row.pgid !== row.pid && !byPid.has(row.pgid);
    const sessionLeaderGone = row.sid !== null && row.sid > 0 && !byPid.has(row.sid);
    if (groupLeaderGone || sessionLeaderGone) orphans.add(row.pid);
  }
  return orphans;
}

/**
 * Orphans seen happening: a process whose parent ended and whose new parent is a reaper.
 * `previous` maps a process key to the row it had at the last tick.
 */
export function findNewOrphans(
  previous: ReadonlyMap<ProcessKey, OrphanCandidate>,
  current: readonly OrphanCandidate[],
  reaperPids: ReadonlySet<number>,
): Map<ProcessKey, FormerParent> {
  const currentByPid = new Map(current.map((row) => [row.pid, row]));
  const previousByPid = new Map([...previous.values()].map((row) => [row.pid, row]));
  const found = new Map<ProcessKey, FormerParent>();
  for (const row of current) {
    const key = processKey(row);
    const before = previous.get(key);
    if (!before || before.ppid === row.ppid) continue;
    const newParent = currentByPid.get(row.ppid);
    if (!newParent || !isReaper(newParent, reaperPids)) continue;
    const oldParent = previousByPid.get(before.ppid);
    const now = oldParent && currentByPid.get(oldParent.pid);
    // A parent that is now a zombie has exited: its children are orphans even before it is reaped.
    const stillThere = now && now.startTime === oldParent.startTime && now.state !== 'zombie';
    if (stillThere) continue;
    found.set(key, { pid: before.ppid, name: oldParent?.name ?? '?' });
  }
  return found;
}
