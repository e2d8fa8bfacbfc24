import { parentPort, workerData } from 'node:worker_threads';
import { createProcessReader } from './backend';
import { SamplingSession } from './session';
import type { WorkerOptions, WorkerTick } from './worker-protocol';

/**
 * The sampler's thread: synchronous /proc reads are the fast way, and here they cannot block
 * the thread that serves the UI. Posts one tick per interval.
 */
const options = workerData as WorkerOptions;
const { reader, platform } = createProcessReader();
const session = new SamplingSession(reader, platform, new Set(options.reaperPids));

function tick(): void {
  try {
    const message: WorkerTick = { type: 'tick', ...session.tick() };
    parentPort!.postMessage(message);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerTick);
  }
}

tick();
const timer = setInterval(tick, options.intervalMs);
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'stop') {
    clearInterval(timer);
    parentPort!.close();
  } else if (message.type === 'tick-now') {
    tick();
  }
});
