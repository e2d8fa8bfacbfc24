import {
  execFileSync,
  spawn,
  spawnSync,
  type ChildProcess,
  type ExecFileSyncOptions,
  type SpawnOptions,
  type SpawnSyncOptions,
  type SpawnSyncReturns,
} from 'node:child_process';

/**
 * The one registry of every process Forkscope itself spawns (children, helpers, probes, sync
 * helpers), so the reaper can tell an adopted orphan from a child Node's child_process waits
 * for: the reaper never touches a pid in here. Every spawn in the engine goes through these.
 *
 * Async children are registered in the same tick as the fork, before any timer can run the
 * reaper, and leave the registry when Node reports their exit (Node has reaped them then).
 * Sync helpers block the thread the reaper runs on until they are reaped; they are counted.
 */
const running = new Map<number, string>();
let syncSpawns = 0;

function register(child: ChildProcess, command: string): ChildProcess {
  const pid = child.pid;
  if (pid === undefined) return child;
  running.set(pid, command);
  child.once('exit', () => {
    if (running.get(pid) === command) running.delete(pid);
  });
  return child;
}

export function spawnOwn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return register(spawn(command, args, options), command);
}

export function spawnSyncOwn(command: string, args: readonly string[], options: SpawnSyncOptions): SpawnSyncReturns<string | Buffer> {
  syncSpawns++;
  return spawnSync(command, args, options);
}

export function execFileSyncOwn(command: string, args: readonly string[], options: ExecFileSyncOptions & { encoding: BufferEncoding }): string {
  syncSpawns++;
  return execFileSync(command, args, options) as string;
}

/** Is this pid a running child that Forkscope spawned (and Node will reap)? */
export function isOwnSpawn(pid: number): boolean {
  return running.has(pid);
}

/** For tests and the run summary: how many own children run now, and how many sync helpers ran. */
export function ownSpawnCounts(): { running: number; syncSpawns: number } {
  return { running: running.size, syncSpawns };
}
