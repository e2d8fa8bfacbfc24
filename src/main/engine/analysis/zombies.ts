import type { ProcessRow } from '../sampler/types';
import { isReaper } from './reapers';

export interface ZombieReport {
  pid: number;
  name: string;
  parentPid: number;
  parentName: string | null;
  /** How many zombies this parent holds. */
  siblingsHeld: number;
  /** The parent is a reaper that is not reaping (as pid 1 on some containers). */
  parentIsReaper: boolean;
  remedy: string;
}

/** Every zombie with the parent that has not reaped it, and what would clear it. */
export function findZombies(rows: readonly ProcessRow[], reaperPids: ReadonlySet<number>): ZombieReport[] {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const zombies = rows.filter((row) => row.state === 'zombie');
  const perParent = new Map<number, number>();
  for (const z of zombies) perParent.set(z.ppid, (perParent.get(z.ppid) ?? 0) + 1);
  return zombies.map((z) => {
    const parent = byPid.get(z.ppid);
    const parentIsReaper = parent ? isReaper(parent, reaperPids) : false;
    const parentName = parent?.name ?? null;
    return {
      pid: z.pid,
      name: z.name,
      parentPid: z.ppid,
      parentName,
      siblingsHeld: perParent.get(z.ppid) ?? 1,
      parentIsReaper,
      remedy: parentIsReaper
        ? `adopted by ${z.ppid} (${parentName}), which is not reaping; only that reaper calling wait() clears it`
        : `its parent ${z.ppid} (${parentName ?? '?'}) must call wait(); killing the parent lets init reap it`,
    };
  });
}
