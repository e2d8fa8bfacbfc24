import { parentPort, workerData } from 'node:worker_threads';
import { createProcessReader } from './backend';
import { SamplingSession } from './session';
import type { WorkerOptions, WorkerTick } from './worker-protocol';

/**
 * The sampler's thread: synchronous /proc reads are the fast way, and here they cannot block
 * the thread that serves the UI. Posts the events of one tick per interval.
 */
const options = workerData as WorkerOptions;
const { reader, platform } = createProcessReader();
const session = new SamplingSession(reader, { platform, reaperPids: new Set(options.reaperPids), keyframeEvery: options.keyframeEvery });

function tick(): void {
  let message: WorkerTick;
  try {
    message = { type: 'tick', events: session.tick().events };
  } catch (error) {
    message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(message);
}

tick();
const timer = setInterval(tick, options.intervalMs);
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'stop') {
    clearInterval(timer);
    parentPort!.close();
  }
});
