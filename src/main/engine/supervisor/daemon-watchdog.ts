import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ForkscopeError } from '../../../shared/result';
import { watchdogFrame } from '../../../shared/wire/daemon-watchdog';
import { spawnOwn } from './own-spawns';
import { supervisorPlatform } from './platform';
import { markInternal, unmarkInternal } from './target';

/**
 * Forkscope's side of the daemon watchdog: one helper process, in a session of its own, that
 * holds a pipe from Forkscope. When Forkscope dies however it dies, the pipe closes and the
 * watchdog kills every daemon's process group (grandchildren included).
 *
 * One watchdog guards every daemon, rather than one wrapper per daemon, so a daemon stays
 * Forkscope's direct child: its exit status, join and handle-based signals work as for any child.
 */
export class DaemonWatchdog {
  private process: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private closing = false;
  /** Groups registered, kept to register again with a fresh watchdog if this one dies. */
  private readonly groups = new Set<number>();

  constructor(
    private readonly workloadsDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The watchdog's pid while it runs (it is refused as a signal target). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts the watchdog if it is not running; call before spawning a daemon, so no window is left unguarded. */
  async ensureRunning(): Promise<void> {
    await this.start();
  }

  /**
   * Guards a daemon's group; synchronous, so it lands right after the spawn in the same tick.
   * Should the watchdog have just died, the group is kept and sent to the next one as it starts.
   */
  register(pgid: number): void {
    this.groups.add(pgid);
    if (this.process?.stdin?.writable) this.process.stdin.write(watchdogFrame('add', pgid));
  }

  unregister(pgid: number): void {
    this.groups.delete(pgid);
    if (this.process?.stdin?.writable) this.process.stdin.write(watchdogFrame('remove', pgid));
  }

  /**
   * Ends the watchdog; daemons still registered die with it, as they would with Forkscope.
   * (Its pipes are unref'd once it is ready: they must not keep Forkscope alive on their own.)
   */
  async close(): Promise<void> {
    this.closing = true;
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Whoever awaits the close needs the loop alive until the watchdog has done its work.
    child.ref();
    child.stdin!.end();
    await exited;
  }

  private start(): Promise<void> {
    if (this.closing) return Promise.reject(new ForkscopeError('refused', 'the supervisor is shutting down; it starts no new daemons'));
    this.ready ??= new Promise<void>((resolve, reject) => {
      const script = join(this.workloadsDir, 'daemon-watchdog.js');
      const child = spawnOwn(process.execPath, [script], {
        ...supervisorPlatform.newSessionOptions(),
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      this.process = child;
      child.once('error', reject);
      let wasReady = false;
      child.stdout!.once('data', () => {
        wasReady = true;
        // Only once it is ready: until then the wait must keep Forkscope's event loop alive.
        child.unref();
        (child.stdin as unknown as { unref?: () => void }).unref?.();
        (child.stdout as unknown as { unref?: () => void }).unref?.();
        resolve();
      });
      child.stdin!.on('error', () => {
        // EPIPE after the watchdog died: the 'exit' handler below starts another.
      });
      if (child.pid) markInternal(child.pid);
      child.once('exit', () => {
        if (child.pid) unmarkInternal(child.pid);
        reject(
          new ForkscopeError(
            'internal',
            `the daemon watchdog (${script}) exited before it was ready, so no daemon can be started; check that Forkscope's resources are complete`,
          ),
        );
        if (this.process !== child) return;
        this.process = undefined;
        this.ready = undefined;
        // Killed from outside while daemons still run: guard them again at once. One that never
        // got ready (a broken install) is not retried in a loop; the next daemon spawn reports it.
        if (wasReady && !this.closing && this.liveGroups().length > 0) void this.restart();
      });
    });
    return this.ready;
  }

  private async restart(): Promise<void> {
    try {
      await this.start();
      for (const pgid of this.liveGroups()) this.register(pgid);
    } catch {
      // No watchdog can start (runtime gone?): the next daemon spawn reports it.
    }
  }

  /** Registered groups that still have a member; an empty one is forgotten. */
  private liveGroups(): number[] {
    for (const pgid of this.groups) {
      try {
        process.kill(-pgid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') this.groups.delete(pgid);
      }
    }
    return [...this.groups];
  }
}

/** A hold on the one watchdog of this Forkscope process; the last holder to release it ends it. */
export interface WatchdogLease {
  readonly watchdog: DaemonWatchdog;
  release(): Promise<void>;
}

const shared = new Map<string, { watchdog: DaemonWatchdog; holders: number }>();

/**
 * One watchdog per Forkscope process (per workloads folder, which tests vary): the supervisor, the queue lab and the
 * lessons register their process groups with the same helper instead of starting one each.
 */
export function acquireWatchdog(workloadsDir: string): WatchdogLease {
  let entry = shared.get(workloadsDir);
  if (!entry) shared.set(workloadsDir, (entry = { watchdog: new DaemonWatchdog(workloadsDir, process.env), holders: 0 }));
  entry.holders++;
  const held = entry;
  let released = false;
  return {
    watchdog: held.watchdog,
    async release() {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      if (shared.get(workloadsDir) === held) shared.delete(workloadsDir);
      await held.watchdog.close();
    },
  };
}
