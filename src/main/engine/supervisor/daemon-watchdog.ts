import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { watchdogFrame } from '../../../shared/wire/daemon-watchdog';
import { supervisorPlatform } from './platform';

/**
 * Forkscope's side of the daemon watchdog: one helper process, in a session of its own, that
 * holds a pipe from Forkscope. When Forkscope dies however it dies, the pipe closes and the
 * watchdog kills every daemon's process group.
 */
export class DaemonWatchdog {
  private process: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly workloadsDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts the watchdog if it is not running; call before spawning a daemon, so no window is left unguarded. */
  async ensureRunning(): Promise<void> {
    await this.start();
  }

  register(pgid: number): void {
    if (!this.process?.stdin?.writable) throw new Error('the daemon watchdog is not running');
    this.process.stdin.write(watchdogFrame('add', pgid));
  }

  unregister(pgid: number): void {
    if (this.process?.stdin?.writable) this.process.stdin.write(watchdogFrame('remove', pgid));
  }

  /** Ends the watchdog; daemons still registered die with it, as they would with Forkscope. */
  async close(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    await exited;
  }

  private start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(this.workloadsDir, 'daemon-watchdog.js')], {
        ...supervisorPlatform.newSessionOptions(),
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      this.process = child;
      child.once('error', reject);
      child.stdout!.once('data', () => resolve());
      child.unref();
      // The pipes must not keep Forkscope alive on their own.
      (child.stdin as unknown as { unref?: () => void }).unref?.();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
    });
    return this.ready;
  }
}
