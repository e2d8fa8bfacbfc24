import { ancestorsOf } from './tree';
import { REAPER_NAMES } from './reapers';
import type { ProcessInfo } from '../model';

/**
 * Who takes a process's children when it dies, and whether that one reaps: the kernel re-parents orphans to the
 * nearest ancestor that is a child subreaper, else to pid 1. Forkscope is one on Linux (for what it started); other
 * subreapers are the ones the engine marked (`reaper`, named by FORKSCOPE_REAPER_PIDS or a known init's name).
 * Whether pid 1 reaps is read from this machine: a known init does; one that holds zombies already does not.
 */
export interface NextReaper {
  kind: 'forkscope' | 'subreaper' | 'init';
  pid: number;
  name: string | null;
  /** `yes`: it reaps (Forkscope, a known init); `no`: it already holds zombies it has not reaped; `unknown` otherwise. */
  reaps: 'yes' | 'no' | 'unknown';
  /** Zombies it holds now (its own children that are zombies), the evidence for `no`. */
  heldZombies: number;
}

export function nextReaper(
  parent: ProcessInfo,
  processes: readonly ProcessInfo[],
  facts: { enginePid: number | null; subreaperEngine: boolean },
): NextReaper {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const held = (pid: number): number => processes.filter((p) => p.ppid === pid && p.zombie).length;
  for (const ancestor of ancestorsOf(parent, (pid) => byPid.get(pid))) {
    if (ancestor.pid === 1) break;
    if (facts.subreaperEngine && ancestor.pid === facts.enginePid)
      return { kind: 'forkscope', pid: ancestor.pid, name: ancestor.name, reaps: 'yes', heldZombies: held(ancestor.pid) };
    if (ancestor.reaper)
      return {
        kind: 'subreaper',
        pid: ancestor.pid,
        name: ancestor.name,
        reaps: verdict(ancestor, held(ancestor.pid)),
        heldZombies: held(ancestor.pid),
      };
  }
  const init = byPid.get(1);
  const zombies = held(1);
  return { kind: 'init', pid: 1, name: init?.name ?? null, reaps: init ? verdict(init, zombies) : 'unknown', heldZombies: zombies };
}

function verdict(reaper: ProcessInfo, heldZombies: number): NextReaper['reaps'] {
  if (heldZombies > 0) return 'no';
  return REAPER_NAMES.has(reaper.name) ? 'yes' : 'unknown';
}
