import { parentPort, workerData } from 'node:worker_threads';
import { CHURN_EVENT_TYPES } from '../../../shared/event-types';
import type { SamplerEvent } from '../../../shared/events';
import { drainDelayMs, KernelLifecycle } from '../lifecycle/kernel-lifecycle';
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
/**
 * With kernel events in force, a tick reads the stat of each process the table holds (fork events added the new
 * ones) and lists /proc only this often, after a loss, and at the start: a safety net, not the source of the shape.
 */
const LIST_PROC_EVERY_TICKS = 10;
/**
 * After a loss, every tick lists /proc for this long: a message dropped last is only counted when a later one
 * from the same CPU shows the gap, so the resync at the loss may come before what it missed.
 */
const LIST_PROC_AFTER_LOSS_MS = 10_000;
let listUntil = 0;
/**
 * Kernel events that follow a post within the drain delay wait for the rest of that span: a storm's posts are batched.
 * What the events found (a zombie, an orphan, a loss) goes at once; a rename (a sample) waits with the churn.
 */
const postGapMs = drainDelayMs(options.intervalMs);
const canWait = (type: SamplerEvent['type']): boolean => CHURN_EVENT_TYPES.has(type) || type === 'sample';
const { reader, platform } = createProcessReader({ forSampler: true });
const session = new SamplingSession(reader, { platform, reaperPids: new Set(options.reaperPids), keyframeEvery: options.keyframeEvery });
session.setDemand(options.demand);
const post = (message: WorkerTick): void => parentPort!.postMessage(message);

// Probe before the first tick, so the socket already listens when the table is read and nothing falls between.
const probe = probeLifecycle({ receiveBufferBytes: options.receiveBufferBytes, lifecycle: options.lifecycle });
let kernel: KernelLifecycle | null = null;
let pending: SamplerEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let lastPost = 0;

function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (pending.length === 0) return;
  const events = pending;
  pending = [];
  lastPost = Date.now();
  post({ type: 'events', events });
}

let ticks = 0;

function tick(reason: 'first' | 'interval' | 'resync'): void {
  const first = reason === 'first';
  let message: WorkerTick;
  try {
    kernel?.drain();
    flush();
    const routine = reason === 'interval' && ticks % LIST_PROC_EVERY_TICKS !== 0;
    const known = kernel !== null && routine && Date.now() >= listUntil;
    ticks++;
    // A routine tick reads in full only the processes that ran since their last read; every tenth reads all.
    const events = session.tick(Date.now(), { known, skipIdle: routine }).events;
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
      let finding = false;
      for (const event of events) {
        pending.push(event);
        if (!canWait(event.type)) finding = true;
      }
      // One message per wake-up (the socket is read some ms after it turns readable, in one go), and under a storm at
      // most one per postGapMs: each post costs both threads a copy and the main thread a wake-up.
      if (finding) flush();
      else flushTimer ??= setTimeout(flush, Math.max(0, lastPost + postGapMs - Date.now()));
    },
    resync: () => {
      listUntil = Date.now() + LIST_PROC_AFTER_LOSS_MS;
      tick('resync');
    },
    error: (message) => post({ type: 'error', message }),
  });
  const events = kernel;
  session.leaveZombiesTo((key) => events.decidesZombie(key));
}
// The events queued during the probe are about the table the first tick reads: start after it.
probe.source?.drain();
tick('first');
kernel?.start();
const timer = setInterval(() => tick('interval'), options.intervalMs);
// A worker ended without its stop message still gives back its files (they are the process's, not the thread's).
process.once('exit', () => (reader instanceof LinuxProcessReader ? reader.close() : undefined));
parentPort!.on('message', (message: WorkerCommand) => {
  if (message.type === 'demand') {
    session.setDemand(message.demand);
    return;
  }
  if (message.type === 'refresh') {
    if (reader instanceof LinuxProcessReader) reader.invalidate(message.pid);
    return;
  }
  if (message.type === 'stop') {
    clearInterval(timer);
    // What the socket still holds happened before the stop: it is posted, not dropped.
    kernel?.drain();
    kernel?.stop();
    if (reader instanceof LinuxProcessReader) reader.close();
    flush();
    post({ type: 'stopped' });
    parentPort!.close();
  }
});
