import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ProcessDetails } from '../../../shared/details';
import type { SamplerEvent } from '../../../shared/events';
import type { LifecycleStatus, Snapshot } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import { ForkscopeError } from '../../../shared/result';
import { builtMainFile } from '../../paths';
import { reaperPidsFromEnv } from '../analysis/reapers';
import { createProcessReader } from './backend';
import { DEFAULT_RECEIVE_BUFFER_BYTES } from '../lifecycle/connector';
import { probeLifecycle } from '../lifecycle/probe';
import { publishLifecycle } from '../lifecycle/subscription';
import { SamplingSession, type ProcessReader } from './session';
import type { ProcessRow } from './types';
import type { WorkerCommand, WorkerOptions, WorkerTick } from './worker-protocol';
import { NO_DEMAND, type ReadDemand } from '../../../shared/demand';

export { createProcessReader, processReaderInfo } from './backend';

let sharedReader: ProcessReader | undefined;
function reader(): ProcessReader {
  sharedReader ??= createProcessReader().reader;
  return sharedReader;
}

/** Synchronous read of the whole OS process table, for one-off callers such as kill-tree. */
export function readProcessTable(): ProcessRow[] {
  return reader().read();
}

/** Executable, working folder and environment of one process (fields null where the OS says no). */
export function readProcessDetails(pid: number): ProcessDetails {
  return reader().readDetails?.(pid) ?? { exe: null, cwd: null, env: null };
}

/** A process's start time alone (one stat read on Linux), or null when there is none: for checks made at every fork. */
export function readProcessStartTime(pid: number): number | null {
  const r = reader();
  return r.readStartTime ? r.readStartTime(pid) : (r.readOne(pid)?.startTime ?? null);
}

/** One process by pid, or null when there is none: the supervisor's identity checks use it. */
export function readProcess(pid: number): ProcessRow | null {
  return reader().readOne(pid);
}

/**
 * One snapshot with CPU % measured over a short window, like top's first screen, rather than
 * a lifetime average.
 */
export async function takeSnapshot(options: { cpuWindowMs?: number } = {}): Promise<Snapshot> {
  const { reader, platform, info } = createProcessReader();
  const session = new SamplingSession(reader, { platform, reaperPids: reaperPidsFromEnv() });
  session.tick();
  await new Promise((resolve) => setTimeout(resolve, options.cpuWindowMs ?? 250));
  const snapshot = session.tick().snapshot;
  // The same probe a sampler runs, so a script sees which mode a Forkscope would be in here.
  const probe = probeLifecycle({ receiveBufferBytes: 64 * 1024 });
  probe.source?.close();
  return { ...snapshot, reader: info.kind, readerSource: info.source, readerReason: info.reason, lifecycle: probe.status };
}

/** How many intervals nextTick() waits for a tick before it gives up (at least NEXT_TICK_MIN_WAIT_MS). */
export const NEXT_TICK_WAIT_INTERVALS = 10;
export const NEXT_TICK_MIN_WAIT_MS = 5000;

export interface SamplerOptions {
  /** Default 1000 ms; at least 100 ms. */
  intervalMs?: number;
  /** A keyframe every N ticks (default 10). */
  keyframeEvery?: number;
  /** The worker's script (default: the built sampler worker); tests give one that fails as a real backend would. */
  workerScript?: string;
  /** 'sampled' turns kernel process events off (FORKSCOPE_LIFECYCLE=sampled does too); default 'auto'. */
  lifecycle?: 'auto' | 'sampled';
  /** The proc connector's receive buffer in bytes (default 16 MiB; FORKSCOPE_NETLINK_RCVBUF overrides). */
  receiveBufferBytes?: number;
  /** What viewers show from the start (see shared/demand.ts); setDemand changes it. */
  demand?: ReadDemand;
}

/**
 * Polls the process table in a worker thread. Listeners get each tick's events; the sampler
 * folds them into its own table, the same way the UI and replay do.
 */
export class Sampler {
  readonly intervalMs: number;
  private readonly worker: Worker;
  private readonly table = new ProcessTable();
  private ticks = 0;
  private readonly eventListeners = new Set<(events: SamplerEvent[]) => void>();
  private readonly errorListeners = new Set<(message: string) => void>();
  private lastError: string | null = null;
  private readonly tickListeners = new Set<(events: SamplerEvent[]) => void>();

  constructor(options: SamplerOptions = {}) {
    const script = options.workerScript ?? builtMainFile('sampler-worker.js');
    if (!existsSync(script)) throw new Error(`the sampler worker is not built (${script}); run npm run build`);
    this.intervalMs = Math.max(100, options.intervalMs ?? 1000);
    const workerOptions: WorkerOptions = {
      intervalMs: this.intervalMs,
      keyframeEvery: options.keyframeEvery ?? 10,
      reaperPids: [...reaperPidsFromEnv()],
      lifecycle: options.lifecycle ?? 'auto',
      receiveBufferBytes: options.receiveBufferBytes ?? (Number(process.env.FORKSCOPE_NETLINK_RCVBUF) || DEFAULT_RECEIVE_BUFFER_BYTES),
      demand: options.demand ?? NO_DEMAND,
    };
    // Named, so its thread shows as forkscope-sampler in top -H and /proc/PID/task/*/comm.
    this.worker = new Worker(script, { workerData: workerOptions, name: 'forkscope-sampler' });
    this.worker.unref();
    this.worker.on('message', (message: WorkerTick) => {
      if (message.type === 'stopped') return;
      if (message.type === 'error') {
        this.fail(message.message);
        return;
      }
      this.lastError = null;
      for (const event of message.events) this.table.apply(event);
      if (message.type === 'tick') this.ticks++;
      publishLifecycle(message.events);
      for (const listener of this.eventListeners) listener(message.events);
      if (message.type === 'tick') for (const listener of this.tickListeners) listener(message.events);
    });
    // A worker that throws at start (no backend, unreadable /proc) must not take the engine down
    // with an unhandled 'error' event: report it to whoever listens.
    this.worker.on('error', (error: Error) => this.fail(`the sampler stopped: ${error.message}`));
  }

  private fail(message: string): void {
    this.lastError = message;
    for (const listener of this.errorListeners) listener(message);
  }

  /** The table as of the last tick, or undefined before the first. */
  current(): Snapshot | undefined {
    return this.ticks > 0 ? this.table.snapshot() : undefined;
  }

  /**
   * Resolves after the next tick (a full read of the table, not a batch of kernel events) has been folded in;
   * rejects (kind 'timeout', with the last failure) when none comes within NEXT_TICK_WAIT_INTERVALS intervals,
   * so a caller never waits on a sampler that cannot read.
   */
  nextTick(): Promise<Snapshot> {
    const waitMs = Math.max(NEXT_TICK_MIN_WAIT_MS, NEXT_TICK_WAIT_INTERVALS * this.intervalMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.tickListeners.delete(listener);
        const why = this.lastError ? `: ${this.lastError}` : '';
        reject(
          new ForkscopeError(
            'timeout',
            `the sampler gave no table for ${waitMs} ms (NEXT_TICK_WAIT_INTERVALS × ${this.intervalMs} ms)${why}; the process table cannot be read here`,
          ),
        );
      }, waitMs);
      const listener = (): void => {
        clearTimeout(timer);
        this.tickListeners.delete(listener);
        resolve(this.table.snapshot());
      };
      this.tickListeners.add(listener);
    });
  }

  /** Kernel events or sampling alone, known from the first tick on. */
  lifecycle(): LifecycleStatus | null {
    return this.table.lifecycle;
  }

  onEvents(listener: (events: SamplerEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** One call per tick (a full read of the table) with that tick's events, without the kernel events between ticks. */
  onTick(listener: (events: SamplerEvent[]) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  onError(listener: (message: string) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** The columns and rows viewers show changed: the worker reads them from its next tick on. */
  setDemand(demand: ReadDemand): void {
    const command: WorkerCommand = { type: 'demand', demand };
    this.worker.postMessage(command);
  }

  /** Something changed pid without its running (a renice): the next tick reads it in full. */
  refresh(pid: number): void {
    this.worker.postMessage({ type: 'refresh', pid } satisfies WorkerCommand);
  }

  /** Asks the worker to close its socket and timers, then ends it (at once if it does not answer within a second). */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
    // Not unref(): this wait must keep the process alive until the worker has closed its socket.
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1000));
    await Promise.race([exited, timeout]);
    await this.worker.terminate();
  }
}
