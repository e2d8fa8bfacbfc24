import { isReaper } from './reapers';

/** What zombie grouping reads of a process: a sampler row or a ProcessInfo. */
export interface ZombieCandidate {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  /** Set by the engine on a ProcessInfo; when absent, the reaper pids decide. */
  reaper?: boolean;
}

export interface ZombieGroup<T extends ZombieCandidate> {
  parentPid: number;
  /** The parent as the table has it, or undefined when it is not in the table. */
  parent: T | undefined;
  zombies: T[];
  /** The parent is a reaper that is not reaping (as pid 1 on some containers): killing it is no remedy. */
  parentIsReaper: boolean;
}

function reaperFact(p: ZombieCandidate, reaperPids: ReadonlySet<number>): boolean {
  return p.reaper ?? isReaper(p, reaperPids);
}

/** Zombies grouped by the parent that has not reaped them, in table order. */
export function groupZombies<T extends ZombieCandidate>(processes: readonly T[], reaperPids: ReadonlySet<number>): ZombieGroup<T>[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const groups = new Map<number, ZombieGroup<T>>();
  for (const z of processes) {
    if (z.state !== 'zombie') continue;
    let group = groups.get(z.ppid);
    if (!group) {
      const parent = byPid.get(z.ppid);
      // A parent missing from the table is still a reaper when its pid says so (init).
      const parentIsReaper = parent ? reaperFact(parent, reaperPids) : reaperPids.has(z.ppid);
      groups.set(z.ppid, (group = { parentPid: z.ppid, parent, zombies: [], parentIsReaper }));
    }
    group.zombies.push(z);
  }
  return [...groups.values()];
}

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

/** Every zombie with the parent that has not reaped it, and what would clear it (for people, in English: the CLI). */
export function findZombies(processes: readonly ZombieCandidate[], reaperPids: ReadonlySet<number>): ZombieReport[] {
  return groupZombies(processes, reaperPids).flatMap(({ parentPid, parent, zombies, parentIsReaper }) =>
    zombies.map((z) => {
      const parentName = parent?.name ?? null;
      return {
        pid: z.pid,
        name: z.name,
        parentPid,
        parentName,
        siblingsHeld: zombies.length,
        parentIsReaper,
        remedy: parentIsReaper
          ? `adopted by ${parentPid} (${parentName}), which is not reaping; only that reaper calling wait() clears it`
          : `its parent ${parentPid} (${parentName ?? '?'}) must call wait(); killing the parent lets init reap it`,
      };
    }),
  );
}
