import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { unpackedResourcesDir } from '../../paths';
import { acquireWatchdog, type WatchdogLease } from './daemon-watchdog';
import { spawnOwn } from './own-spawns';
import { supervisorPlatform } from './platform';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long `end` waits for a killed group to empty before it lets the watchdog keep watching it. */
const EMPTY_WAIT_MS = 2000;

/** True while any process is in the group (signal 0 sends nothing). */
export function groupHasMembers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * The processes one feature runs for itself (an experiment's broker, producers and consumers, a Python root and its
 * workers): each spawned process leads a process group of its own, registered with the watchdog in the same tick as
 * the fork, so whatever stops Forkscope — a stop, a signal, SIGKILL, a crash — ends the whole groups, grandchildren
 * included. (Node cannot set a parent-death signal between fork and exec, and that would reach direct children only.)
 */
export class GuardedGroups {
  private readonly children: ChildProcess[] = [];
  private readonly leaders: number[] = [];
  private ended = false;

  private constructor(private readonly lease: WatchdogLease) {}

  /** Holds the process's watchdog and waits until it runs, so no process of the feature is ever unguarded. */
  static async open(workloadsDir = join(unpackedResourcesDir(), 'workloads')): Promise<GuardedGroups> {
    const lease = acquireWatchdog(workloadsDir);
    try {
      if (supervisorPlatform.hasProcessGroups) await lease.watchdog.ensureRunning();
    } catch (error) {
      await lease.release();
      throw error;
    }
    return new GuardedGroups(lease);
  }

  /** Process groups started so far (their leaders' pids). */
  get groups(): readonly number[] {
    return this.leaders;
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    if (this.ended) throw new Error('these process groups have been ended; open new ones');
    const child = spawnOwn(command, args, { ...options, ...supervisorPlatform.newSessionOptions() });
    if (child.pid !== undefined && supervisorPlatform.hasProcessGroups) {
      this.lease.watchdog.register(child.pid);
      this.leaders.push(child.pid);
    }
    this.children.push(child);
    return child;
  }

  /** SIGKILLs every group (and, without groups, every child), waits for them to empty, then lets the watchdog go. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const pgid of this.leaders) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already empty
      }
    }
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const deadline = Date.now() + EMPTY_WAIT_MS;
    let left = this.leaders.filter(groupHasMembers);
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(20);
      left = left.filter(groupHasMembers);
    }
    // A group still not empty (a member stuck in the kernel) stays registered: the watchdog tries again when Forkscope goes.
    for (const pgid of this.leaders) if (!left.includes(pgid)) this.lease.watchdog.unregister(pgid);
    if (left.length === 0) await this.lease.release();
  }
}
