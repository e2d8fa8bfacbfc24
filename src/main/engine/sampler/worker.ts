import { parentPort, workerData } from 'node:worker_threads';
import type { SamplerEvent } from '../../../shared/events';
import { KernelLifecycle } from '../lifecycle/kernel-lifecycle';
import { probeLifecycle } from '../lifecycle/probe';
import { createProcessReader } from './backend';
import { LinuxProcessReader } from './linux';
import { SamplingSession } from './session';
import type { WorkerCommand, WorkerOptions, WorkerTick } from './worker-protocol';

/**
 * The sampler's thread: synchronous /proc reads are the fast way, and here they cannot block
 * the thread that serves the UI. Posts the events of one tick per interval and, where kernel
 * process events are true, the fused fork/exec/exit events between ticks.
 */
const options = workerData as WorkerOptions;
const { reader, platform } = createProcessReader();
const session = new SamplingSession(reader, { platform, reaperPids: new Set(options.reaperPids), keyframeEvery: options.keyframeEvery });
session.setDemand(options.demand);
const post = (message: WorkerTick): void => parentPort!.postMessage(message);

// Probe before the first tick, so the socket already listens when the table is read and nothing falls between.
const probe = probeLifecycle({ receiveBufferBytes: options.receiveBufferBytes, lifecycle: options.lifecycle });
let kernel: KernelLifecycle | null = null;
let pending: SamplerEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (pending.length === 0) return;
  const events = pending;
  pending = [];
  post({ type: 'events', events });
}

function tick(first = false): void {
  let message: WorkerTick;
  try {
    kernel?.drain();
    flush();
    const events = session.tick().events;
    kernel?.afterTick();
    if (first) events.unshift({ type: 'lifecycle', t: Date.now(), ...probe.status });
    message = { type: 'tick', events };
  } catch (error) {
    message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  post(message);
  // What happened while the table was read follows the tick (an exit may come after the tick's "ended": its status still counts).
  kernel?.drain();
  flush();
}

if (probe.source && reader instanceof LinuxProcessReader) {
  kernel = new KernelLifecycle(probe.source, session.ledger(), reader, new Set(options.reaperPids), options.intervalMs, {
    emit: (events) => {
      if (events.length === 0) return;
      pending.push(...events);
      // A few ms of batching keeps messages to the main thread few under a storm.
      flushTimer ??= setTimeout(flush, 10);
    },
    resync: () => tick(),
    error: (message) => post({ type: 'error', message }),
  });
}
// The events queued during the probe are about the table the first tick reads: start after it.
probe.source?.drain();
tick(true);
kernel?.start();
const timer = setInterval(() => tick(), options.intervalMs);
parentPort!.on('message', (message: WorkerCommand) => {
  if (message.type === 'demand') {
    session.setDemand(message.demand);
    return;
  }
  if (message.type === 'stop') {
    clearInterval(timer);
    // What the socket still holds happened before the stop: it is posted, not dropped.
    kernel?.drain();
    kernel?.stop();
    flush();
    post({ type: 'stopped' });
    parentPort!.close();
  }
});
