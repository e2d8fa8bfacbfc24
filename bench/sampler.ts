// bench/sampler: Forkscope's Linux sampler against `ps` and ps-tree on a population of about
// 2,000 extra processes, measured side by side in rounds; prints medians and ratios: a cold snapshot, the
// steady-state sample of sampled mode (list /proc, read each stat through the sampler's held files), and the
// steady-state sample with kernel events in force (the table's shape from events: one stat per known process,
// no listing), which is what the sampler's worker does on most ticks there. Then the Windows
// reader under Wine (bench/lib/wine-figures.ts); on Windows and macOS, the native reader against the fallback.
// `npm run bench -- sampler [--json] [--processes N] [--rounds N]`
import { spawnSync } from 'node:child_process';
import psTree from 'ps-tree';
import { parseArgs } from 'node:util';
import { LinuxProcessReader } from '../src/main/engine/sampler/linux';
import { median, Population, timeMs, timeMsAsync } from './lib/population';
import { measurePlatformReaders, printPlatformFigures } from './lib/platform-readers';
import { wineFigures } from './lib/wine-figures';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    processes: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '9' },
  },
});
const wanted = Number(values.processes);
const rounds = Number(values.rounds);
if (process.platform !== 'linux') {
  printPlatformFigures(measurePlatformReaders(rounds), values.json);
  process.exit(0);
}

const baseline = new LinuxProcessReader().read().length;
const population = await Population.create(wanted, 20);
try {
  const target = baseline + wanted;
  for (let waited = 0; new LinuxProcessReader().read().length < target; waited += 100) {
    if (waited > 60_000) throw new Error(`population did not reach ${target} processes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const size = new LinuxProcessReader().read().length;

  const ps = (): void => {
    const result = spawnSync('ps', ['-eo', 'pid,ppid,stat,rss,time,comm,args'], { maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error('ps failed');
  };
  const psTreeOnce = () => new Promise((resolve, reject) => psTree(process.pid, (error, children) => (error ? reject(error) : resolve(children))));
  // The sampler's own reader holds each stat file open between ticks, as the worker's does.
  const steadyReader = new LinuxProcessReader({ holdStatFiles: true });
  steadyReader.read();
  const eventsReader = new LinuxProcessReader({ holdStatFiles: true });
  const known = eventsReader.read().map((row) => row.pid);
  const cpuMs = (fn: () => void): number => {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };

  const samples = {
    cold: [] as number[],
    steady: [] as number[],
    events: [] as number[],
    ps: [] as number[],
    psTree: [] as number[],
    steadyCpu: [] as number[],
    eventsCpu: [] as number[],
  };
  for (let round = 0; round < rounds; round++) {
    samples.cold.push(timeMs(() => new LinuxProcessReader().read()));
    let ms = 0;
    samples.steadyCpu.push(cpuMs(() => (ms = timeMs(() => steadyReader.read()))));
    samples.steady.push(ms);
    samples.eventsCpu.push(cpuMs(() => (ms = timeMs(() => eventsReader.readPids(known)))));
    samples.events.push(ms);
    samples.ps.push(timeMs(ps));
    samples.psTree.push(await timeMsAsync(psTreeOnce));
  }
  steadyReader.close();
  eventsReader.close();
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;
  const result = {
    bench: 'sampler',
    processes: size,
    rounds,
    medianMs: { cold: m.cold, steady: m.steady, eventsSteady: m.events, ps: m.ps, psTree: m.psTree },
    coldVsPs: m.cold / m.ps,
    steadyVsPs: m.steady / m.ps,
    eventsSteadyVsPs: m.events / m.ps,
    eventsSteadyCpuMsPerSample: m.eventsCpu,
    psTreeVsPs: m.psTree / m.ps,
    steadyCpuMsPerSample: m.steadyCpu,
    steadyCorePercentAt1s: m.steadyCpu / 10,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const f = (n: number) => n.toFixed(1).padStart(7);
    process.stdout.write(
      [
        `population: ${size} processes (${wanted} extra sleeping, 20 zombies), ${rounds} rounds, medians`,
        `  ps -eo pid,ppid,stat,rss,time,comm,args  ${f(m.ps)} ms   (anchor, 1.00)`,
        `  ps-tree                                  ${f(m.psTree)} ms   ${(m.psTree / m.ps).toFixed(2)} × ps`,
        `  Forkscope cold snapshot                  ${f(m.cold)} ms   ${(m.cold / m.ps).toFixed(2)} × ps  (${(m.ps / m.cold).toFixed(1)}× faster; target ≥ 2×)`,
        `  Forkscope steady-state sample, sampled   ${f(m.steady)} ms   ${(m.steady / m.ps).toFixed(2)} × ps  (${(m.ps / m.steady).toFixed(1)}× faster; target ≥ 4×)`,
        `  Forkscope steady-state sample, events    ${f(m.events)} ms   ${(m.events / m.ps).toFixed(2)} × ps  (shape from kernel events, one stat per process; target ≤ 0.15×)`,
        `  Forkscope CPU per steady sample          ${f(m.steadyCpu)} ms sampled, ${m.eventsCpu.toFixed(1)} ms events   ` +
          `≈ ${(m.steadyCpu / 10).toFixed(1)} and ${(m.eventsCpu / 10).toFixed(1)} % of one core at a 1 s interval`,
      ].join('\n') + '\n',
    );
  }
} finally {
  population.destroy();
}
// Under Wine the population is Wine's handful of processes: the figures show the native reader works and its cost
// per process, not the Windows target (a few hundred processes in under 5 ms, checked on a Windows runner).
const wine = await wineFigures(rounds);
if ('problem' in wine) process.stdout.write(`windows under Wine: not measured: ${wine.problem}\n`);
else printPlatformFigures(wine, values.json, ' (under Wine)');
