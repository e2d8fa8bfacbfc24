// bench/lifecycle: a fork storm (up to --rate short-lived processes per second for --seconds, counted by the
// generator itself) with --sleepers sleeping processes present, watched by a Sampler in events mode and then
// in sampled mode, side by side: recall (processes seen / processes started) and Forkscope's CPU per 1,000
// processes started. `npm run bench -- lifecycle [--json] [--rate N] [--seconds N] [--sleepers N]`
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SamplerEvent } from '../src/shared/events';
import { Sampler } from '../src/main/engine/sampler';
import { Population } from './lib/population';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '5' },
    sleepers: { type: 'string', default: '2000' },
  },
});
if (process.platform !== 'linux') {
  process.stdout.write('bench lifecycle: kernel process events are Linux-only; nothing to measure here\n');
  process.exit(0);
}
const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
if (!python) {
  process.stderr.write('bench lifecycle: python3 is needed for the storm generator and was not found\n');
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

interface Round {
  mode: string;
  reason: string;
  started: number;
  seen: number;
  lost: number;
  stormSeconds: number;
  cpuMs: number;
  wallMs: number;
}

async function round(lifecycle: 'auto' | 'sampled'): Promise<Round> {
  const sampler = new Sampler({ intervalMs: 1000, lifecycle });
  try {
    await sampler.nextTick();
    let stormPid = -1;
    const children = new Set<number>();
    let lost = 0;
    const early: SamplerEvent[] = [];
    const count = (event: SamplerEvent): void => {
      if (event.type === 'events-lost') lost += event.lost;
      if (event.type === 'started' && event.process.ppid === stormPid) children.add(event.process.pid);
    };
    sampler.onEvents((events) => {
      for (const event of events) {
        if (stormPid < 0) early.push(event);
        else count(event);
      }
    });
    const cpuBefore = process.cpuUsage();
    const wallBefore = Date.now();
    const storm = spawn(python, [join(import.meta.dirname, 'fixtures', 'fork_storm.py'), values.rate, values.seconds, '0', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stormPid = storm.pid!;
    for (const event of early.splice(0)) count(event);
    let output = '';
    storm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => storm.once('exit', resolve));
    // One more tick: what the sampler (or a late batch of events) has still to say about the storm.
    await sampler.nextTick();
    const cpu = process.cpuUsage(cpuBefore);
    const result = JSON.parse(output) as { started: number; seconds: number };
    const status = sampler.lifecycle();
    return {
      mode: status?.mode ?? 'sampled',
      reason: status?.reason ?? '',
      started: result.started,
      seen: children.size,
      lost,
      stormSeconds: result.seconds,
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: Date.now() - wallBefore,
    };
  } finally {
    await sampler.stop();
  }
}

const population = await Population.create(Number(values.sleepers), 0);
try {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const events = await round('auto');
  const sampled = await round('sampled');
  const perThousand = (r: Round): number => (r.cpuMs / r.started) * 1000;
  const row = (r: Round) => ({
    mode: r.mode,
    started: r.started,
    seen: r.seen,
    recall: r.seen / r.started,
    lost: r.lost,
    ratePerSecond: r.started / r.stormSeconds,
    cpuMsPer1000: perThousand(r),
    // CPU ms per 1,000 processes is, at 1,000 processes a second, that many ms of CPU per second: ÷ 10 = % of a core.
    corePercentPer1000PerSecond: perThousand(r) / 10,
  });
  // The event source alone: events mode's CPU less what sampling the same table costs for as long (sampled mode's CPU per second).
  const sourceMsPer1000 = ((events.cpuMs - (sampled.cpuMs / sampled.wallMs) * events.wallMs) / events.started) * 1000;
  const figures = {
    bench: 'lifecycle',
    sleepers: Number(values.sleepers),
    events: row(events),
    sampled: row(sampled),
    eventSource: { cpuMsPer1000: sourceMsPer1000, corePercentPer1000PerSecond: sourceMsPer1000 / 10 },
  };
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else {
    const line = (r: ReturnType<typeof row>) =>
      `  ${r.mode.padEnd(8)} recall ${r.recall.toFixed(3)} (${r.seen} of ${r.started}, ${r.ratePerSecond.toFixed(0)} started/s, ${r.lost} events lost)  ` +
      `CPU ${r.cpuMsPer1000.toFixed(1)} ms per 1,000 started = ${r.corePercentPer1000PerSecond.toFixed(2)} % of a core per 1,000 processes/s`;
    process.stdout.write(
      [
        `fork storm: up to ${values.rate}/s for ${values.seconds} s with ${values.sleepers} sleeping processes present (the generator counts what it starts)`,
        line(figures.events),
        line(figures.sampled),
        `  the event source alone (events-mode CPU less sampling's CPU for as long): ${sourceMsPer1000.toFixed(1)} ms per 1,000 started` +
          ` = ${(sourceMsPer1000 / 10).toFixed(2)} % of a core per 1,000 processes/s`,
        `  targets: recall 1.00 in events mode (≥ 0.98 with losses counted); the event source ≤ 5 % of a core per 1,000 processes/s`,
        `  events mode reason: ${events.reason}`,
      ].join('\n') + '\n',
    );
  }
} finally {
  population.destroy();
}
