import type { SamplerEvent } from '../../../shared/events';
import type { ProcessKey } from '../../../shared/model';
import type { ConnectorSource } from './connector';
import type { SocketWatch } from '../os/netlink';
import { LifecycleFusion, ZOMBIE_WATCH_MS } from './fusion';
import type { LinuxProcessReader } from '../sampler/linux';
import type { SessionLedger } from '../sampler/session';

/** A resync reads the whole table; under a storm of losses it runs at most this often. */
const RESYNC_MIN_GAP_MS = 250;
/** Where koffi cannot watch the socket on the event loop, it is drained on this timer instead. */
const FALLBACK_DRAIN_MS = 20;
/**
 * Once the socket is readable, it is read this much later (a quarter of the sampling interval where that is shorter),
 * in one go: a process's fork and exit, and a storm's hundreds, are then one wake-up, one recvmmsg and one message to
 * the main thread, not one each; and by then most short-lived processes are reaped, so none of their stat is read
 * (10 ms cost a storm twice the CPU of 100 ms, measured side by side).
 */
export const DRAIN_DELAY_MS = 100;

/** The drain delay for a sampling interval: events stay well within one tick. */
export const drainDelayMs = (intervalMs: number): number => Math.min(DRAIN_DELAY_MS, Math.max(10, Math.floor(intervalMs / 4)));

export interface KernelLifecycleHooks {
  emit(events: SamplerEvent[]): void;
  /** Read /proc again now (a sampler tick), because events were lost. */
  resync(): void;
  error(message: string): void;
}

/**
 * The event side of the sampler's thread: drains the proc connector when libuv says it is readable
 * (never a blocking recv), fuses what it reads into the session, watches new zombies every 50 ms,
 * and on a loss says how many and has the table read again at once.
 */
export class KernelLifecycle {
  lostTotal = 0;
  private readonly fusion: LifecycleFusion;
  private readonly source: ConnectorSource;
  private readonly hooks: KernelLifecycleHooks;
  private watcher: SocketWatch | null = null;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;
  private fallback: ReturnType<typeof setInterval> | null = null;
  private zombieTimer: ReturnType<typeof setInterval> | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private lastResync = 0;
  private stopped = false;
  private readonly drainDelayMs: number;

  constructor(
    source: ConnectorSource,
    ledger: SessionLedger,
    reader: LinuxProcessReader,
    reaperPids: ReadonlySet<number>,
    intervalMs: number,
    hooks: KernelLifecycleHooks,
  ) {
    this.source = source;
    this.hooks = hooks;
    this.drainDelayMs = drainDelayMs(intervalMs);
    this.fusion = new LifecycleFusion(ledger, reader, reaperPids, intervalMs);
  }

  start(): void {
    this.watcher = this.source.watch(() => this.readable());
    if (!this.watcher) this.fallback = setInterval(() => this.drain(), FALLBACK_DRAIN_MS);
    this.drain();
  }

  /** The sampler just read the whole table. */
  afterTick(): void {
    this.fusion.afterTick();
  }

  /** See LifecycleFusion.decidesZombie. */
  decidesZombie(key: ProcessKey): boolean {
    return this.fusion.decidesZombie(key);
  }

  threads(): { started: number; ended: number } {
    return { started: this.fusion.threadsStarted, ended: this.fusion.threadsEnded };
  }

  /** Data waits: read it drainDelayMs from now, with whatever else comes by then; no wake-ups until then. */
  private readable(): void {
    if (this.drainTimer || this.stopped) return;
    this.watcher?.pause();
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      this.drain();
      if (!this.stopped) this.watcher?.resume();
    }, this.drainDelayMs);
  }

  drain(): void {
    if (this.stopped) return;
    const drained = this.source.drain();
    if (drained.error) this.hooks.error(drained.error);
    if (drained.events.length > 0) this.hooks.emit(this.fusion.handle(drained.events));
    if (drained.lost > 0) {
      this.lostTotal += drained.lost;
      this.hooks.emit([{ type: 'events-lost', t: Date.now(), lost: drained.lost, total: this.lostTotal }]);
      this.scheduleResync();
    }
    if (this.fusion.watching() && !this.zombieTimer) {
      this.zombieTimer = setInterval(() => this.watchZombies(), ZOMBIE_WATCH_MS);
    }
    if (drained.more) setImmediate(() => this.drain());
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    if (this.fallback) clearInterval(this.fallback);
    if (this.zombieTimer) clearInterval(this.zombieTimer);
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.source.close();
  }

  private watchZombies(): void {
    // Events first, so an exit that is still queued is not mistaken for a missed one.
    this.drain();
    const events = this.fusion.watch(Date.now());
    if (events.length > 0) this.hooks.emit(events);
    if (!this.fusion.watching() && this.zombieTimer) {
      clearInterval(this.zombieTimer);
      this.zombieTimer = null;
    }
  }

  private scheduleResync(): void {
    if (this.resyncTimer) return;
    const wait = Math.max(0, this.lastResync + RESYNC_MIN_GAP_MS - Date.now());
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      this.lastResync = Date.now();
      if (!this.stopped) this.hooks.resync();
    }, wait);
  }
}
