import { spawnSync, type SpawnOptions } from 'node:child_process';

/**
 * The supervisor's one place for platform differences (the sampler backends hold the others).
 * POSIX: sessions, process groups and zombies. Windows: none of these; taskkill for trees.
 */
const isWindows = process.platform === 'win32';

export const supervisorPlatform = {
  hasZombies: !isWindows,
  hasProcessGroups: !isWindows,
  /** Spawn options for a child in a new session (POSIX setsid) or a detached console (Windows). */
  newSessionOptions(): Partial<SpawnOptions> {
    return isWindows ? { detached: true, windowsHide: true } : { detached: true };
  },
  /** A shell command line for workloads written as shell (POSIX only). */
  shell(script: string): { command: string; args: string[] } | null {
    return isWindows ? null : { command: 'sh', args: ['-c', script] };
  },
  /** Windows has no signals between processes: terminate a tree with taskkill. */
  taskkillTree(pid: number, force: boolean): { ok: boolean; output: string } {
    const result = spawnSync('taskkill', ['/PID', String(pid), '/T', ...(force ? ['/F'] : [])], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  },
  isWindows,
};
