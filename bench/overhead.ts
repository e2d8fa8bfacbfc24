// bench/overhead: what Forkscope costs left open, against htop on the same machine. Debian's htop (-d 10, in a
// 200×50 tmux pane, fixed htoprc), `top -b -d 1`, a floor page (a static page in the same headless Chromium that
// replaces 30 table cells a second) and Forkscope (`serve` plus a visible Chromium tab on its UI) each run alone for
// the same window over the same population (N extra sleeping processes plus a little churn), in rounds whose order
// rotates; each figure is the CPU time of a process tree from /proc (utime+stime, and reaped children's), medians.
// Targets: the engine ≤ 0.25 × htop, the UI ≤ 1.5 × the floor page; the total is printed against htop too.
// `npm run bench -- overhead [--json] [--processes N] [--seconds S] [--rounds R]` (e.g. --processes 10000)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { median, Population } from './lib/population';
import { floorPage, forkscope, htop, top, type Subject } from './lib/overhead-subjects';
import { tagThisRun } from './lib/tagged-run';
import { processCount, treeCpuSeconds } from './lib/tree-cpu';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    processes: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '5' },
    // For a quick look while working: only these subjects (htop, top, floor, forkscope), comma-separated.
    only: { type: 'string' },
  },
});
const wanted = Number(values.processes);
const windowMs = Number(values.seconds) * 1000;
const rounds = Number(values.rounds);
const warmupMs = Number(values.warmup) * 1000;
for (const [name, n] of Object.entries({ processes: wanted, seconds: windowMs, rounds, warmup: warmupMs })) {
  if (!Number.isFinite(n) || n < 0 || (name !== 'warmup' && n === 0)) {
    process.stderr.write(`bench overhead: --${name} must be a positive number\n`);
    process.exit(2);
  }
}
if (process.platform !== 'linux') {
  process.stdout.write('bench overhead: measured on Linux only (htop in tmux and CPU times from /proc)\n');
  process.exit(0);
}

const run = tagThisRun('overhead');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const baseline = processCount();
// The sleepers outlive the whole run (they are ended at its end): 12 windows and their starts take about 9 minutes.
const population = await Population.create(wanted, 0, 500, 3600);
// Ordinary churn: five short-lived processes a second, so every monitor sees starts and exits.
const churn = spawn('sh', ['-c', 'while :; do for i in 1 2 3 4 5; do sleep 0.4 & done; sleep 1; wait; done'], { stdio: 'ignore' });
const only = values.only?.split(',');
const subjects: Subject[] = [htop, top, floorPage, forkscope].filter((s) => !only || only.includes(s.name.split(' ')[0]!));
const figures: Record<string, number[]> = {};
let exitCode = 0;
try {
  const target = baseline + wanted;
  for (let waited = 0; processCount() < target * 0.98; waited += 200) {
    if (waited > 120_000) throw new Error(`bench overhead: the population did not reach ${target} processes`);
    await sleep(200);
  }
  for (let round = 0; round < rounds; round++) {
    // The order rotates, so a change in the machine's load falls on each subject in turn.
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]!);
    for (const subject of order) {
      const running = await subject.start();
      try {
        await sleep(warmupMs);
        const before = treeCpuSeconds(running.roots);
        await sleep(windowMs);
        const after = treeCpuSeconds(running.roots);
        for (const name of Object.keys(running.roots)) (figures[name] ??= []).push(after[name]! - before[name]!);
        process.stderr.write(
          `round ${round + 1} ${subject.name}: ${Object.keys(running.roots)
            .map((n) => `${n} ${(after[n]! - before[n]!).toFixed(2)} s`)
            .join(', ')}\n`,
        );
      } finally {
        await running.stop();
      }
    }
  }
  const m = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  for (const name of ['htop', 'htopWithTmux', 'top', 'floor', 'engine', 'ui']) m[name] ??= NaN;
  const total = m.engine! + m.ui!;
  const result = {
    bench: 'overhead',
    processes: processCount(),
    extraSleeping: wanted,
    seconds: windowMs / 1000,
    rounds,
    medianCpuSeconds: m,
    perRound: figures,
    engineVsHtop: m.engine! / m.htop!,
    uiVsFloor: m.ui! / m.floor!,
    totalVsHtop: total / m.htop!,
    topVsHtop: m.top! / m.htop!,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const f = (s: number) => `${s.toFixed(2).padStart(6)} s`;
    const pct = (s: number) => `${((100 * s) / (windowMs / 1000)).toFixed(1)} % of a core`;
    process.stdout.write(
      [
        `${result.processes} processes (${wanted} extra sleeping, churn of 5 a second), ${windowMs / 1000} s each, ${rounds} rounds, medians of CPU time`,
        `  htop -d 10 (tmux 200×50)          ${f(m.htop!)}   anchor, 1.00 (${pct(m.htop!)}; with its tmux server ${f(m.htopWithTmux!)})`,
        `  top -b -d 1                        ${f(m.top!)}   ${result.topVsHtop.toFixed(2)} × htop`,
        `  floor page (Chromium)              ${f(m.floor!)}   anchor of the UI, 1.00`,
        `  Forkscope engine (serve)           ${f(m.engine!)}   ${result.engineVsHtop.toFixed(2)} × htop   (target ≤ 0.25)`,
        `  Forkscope UI (Chromium tab)        ${f(m.ui!)}   ${result.uiVsFloor.toFixed(2)} × the floor page   (target ≤ 1.5)`,
        `  Forkscope engine + UI              ${f(total)}   ${result.totalVsHtop.toFixed(2)} × htop`,
      ].join('\n') + '\n',
    );
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  exitCode = 1;
} finally {
  churn.kill('SIGKILL');
  population.destroy();
  run.sweep();
  await sleep(300);
  const left = run.leftBehind();
  if (left.length > 0) {
    process.stderr.write(`bench overhead: ${left.length} of its processes still run: ${left.join(', ')}\n`);
    exitCode = 1;
  }
}
process.exit(exitCode);
