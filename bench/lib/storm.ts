import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SamplerEvent } from '../../src/shared/events';
import type { Sampler } from '../../src/main/engine/sampler';

/** What one storm did, as its generator counted it, and what the sampler said meanwhile. */
export interface StormResult {
  /** Processes the generator started, and over how many seconds (a loaded machine forks slower than asked). */
  started: number;
  seconds: number;
  /** Children of the storm that a `started` event named. */
  seen: number;
  /** Every process a `started` event named, the storm's and the rest of the machine's. */
  startedAll: number;
  lost: number;
  /** CPU of this whole process (every thread: sampler worker, main thread, V8's helpers), ms. */
  cpuMs: number;
  wallMs: number;
}

/** Until the sampler has said nothing for this long, the storm's last events may still be on their way. */
const QUIET_MS = 500;

/**
 * Runs bench/fixtures/fork_storm.py (up to `rate` children a second for `seconds`, each exiting at once) under a
 * sampler that is already running, and counts. `settle` is what ends the measurement once the storm has exited:
 * the sampler's next tick (sampling needs one to see anything), or a quiet spell of events (a sampler without ticks).
 */
export async function runStorm(
  python: string,
  sampler: Sampler,
  options: { rate: number; seconds: number; settle: 'tick' | 'quiet' },
): Promise<StormResult> {
  let stormPid = -1;
  const children = new Set<number>();
  let startedAll = 0;
  let lost = 0;
  let lastEvent = Date.now();
  const early: SamplerEvent[] = [];
  const count = (event: SamplerEvent): void => {
    if (event.type === 'events-lost') lost += event.lost;
    if (event.type !== 'started') return;
    startedAll++;
    if (event.process.ppid === stormPid) children.add(event.process.pid);
  };
  const unsubscribe = sampler.onEvents((events) => {
    lastEvent = Date.now();
    for (const event of events) {
      if (stormPid < 0) early.push(event);
      else count(event);
    }
  });
  try {
    const cpuBefore = process.cpuUsage();
    const wallBefore = Date.now();
    const script = join(import.meta.dirname, '..', 'fixtures', 'fork_storm.py');
    const storm = spawn(python, [script, String(options.rate), String(options.seconds), '0', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    stormPid = storm.pid!;
    for (const event of early.splice(0)) count(event);
    let output = '';
    storm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => storm.once('exit', resolve));
    if (options.settle === 'tick') await sampler.nextTick();
    else while (Date.now() - lastEvent < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, 50));
    const cpu = process.cpuUsage(cpuBefore);
    const result = JSON.parse(output) as { started: number; seconds: number };
    return {
      started: result.started,
      seconds: result.seconds,
      seen: children.size,
      startedAll,
      lost,
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: Date.now() - wallBefore,
    };
  } finally {
    unsubscribe();
  }
}
