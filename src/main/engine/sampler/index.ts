import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SamplerEvent, Snapshot } from '../../../shared/model';
import { reaperPidsFromEnv } from '../analysis/reapers';
import { builtMainFile } from '../../paths';
import { createProcessReader } from './backend';
import { SamplingSession } from './session';
import type { WorkerOptions, WorkerTick } from './worker-protocol';

export { createProcessReader } from './backend';

/** Synchronous read of the whole OS process table (for one-off callers such as kill-tree). */
export function readProcessTable() {
  return createProcessReader().reader.read();
}

/**
 * One snapshot with CPU % measured over a short window, like top's first screen, rather than
 * a lifetime average.
 */
export async function takeSnapshot(options: { cpuWindowMs?: number } = {}): Promise<Snapshot> {
  const { reader, platform } = createProcessReader();
  const session = new SamplingSession(reader, platform, reaperPidsFromEnv());
  session.tick();
  await new Promise((resolve) => setTimeout(resolve, options.cpuWindowMs ?? 250));
  return session.tick().snapshot;
}

export interface SamplerOptions {
  /** Default 1000 ms; at least 100 ms. */
  intervalMs?: number;
}

/** Polls the process table in a worker thread and hands each tick to listeners. */
export class Sampler {
  private readonly worker: Worker;
  private latest: Snapshot | undefined;
  private readonly tableListeners = new Set<(snapshot: Snapshot) => void>();
  private readonly eventListeners = new Set<(events: SamplerEvent[]) => void>();
  private readonly errorListeners = new Set<(message: string) => void>();

  constructor(options: SamplerOptions = {}) {
    const script = builtMainFile('sampler-worker.js');
    if (!existsSync(script)) throw new Error(`the sampler worker is not built (${script}); run npm run build`);
    const workerOptions: WorkerOptions = {
      intervalMs: Math.max(100, options.intervalMs ?? 1000),
      reaperPids: [...reaperPidsFromEnv()],
    };
    this.worker = new Worker(script, { workerData: workerOptions });
    this.worker.unref();
    this.worker.on('message', (message: WorkerTick) => {
      if (message.type === 'error') {
        for (const listener of this.errorListeners) listener(message.message);
        return;
      }
      this.latest = message.snapshot;
      for (const listener of this.tableListeners) listener(message.snapshot);
      if (message.events.length > 0) for (const listener of this.eventListeners) listener(message.events);
    });
  }

  current(): Snapshot | undefined {
    return this.latest;
  }

  /** Resolves with the next table the worker posts. */
  nextTable(): Promise<Snapshot> {
    return new Promise((resolve) => {
      const unsubscribe = this.onTable((snapshot) => {
        unsubscribe();
        resolve(snapshot);
      });
    });
  }

  onTable(listener: (snapshot: Snapshot) => void): () => void {
    this.tableListeners.add(listener);
    return () => this.tableListeners.delete(listener);
  }

  onEvents(listener: (events: SamplerEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onError(listener: (message: string) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
