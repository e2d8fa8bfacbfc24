// bench/python-probe: what the Python probe (`forkscope run --python`) costs a program, measured in
// the same run with and without it, alternating, median of the rounds: Pool.map of 1,000,000 no-op
// tasks in chunks of 1,000, a Pipe ping-pong of 100,000 messages, the queue loop of bench/queue,
// a lock-protected counter with ~10 µs of work inside (targets: each ≤ 1.10× the plain run), and
// 1,000,000 bare Lock acquire/release pairs, reported as the cost added per acquisition (target
// ≤ 0.5 µs). `npm run bench -- python-probe [--json] [--rounds N]`
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgramQueueWatch } from '../src/main/engine/queue-lab/program-queues';
import { requirePython } from '../src/main/engine/queue-lab/python';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const fixtures = join(import.meta.dirname, 'fixtures');
const python = requirePython();

interface Workload {
  name: string;
  args: string[];
  /** What the probe must have counted, so a probe that silently stopped counting fails the bench. */
  check: (watch: ProgramQueueWatch) => string | null;
}

const workloads: Workload[] = [
  {
    name: 'Pool.map 1,000,000 no-op tasks, chunks of 1,000',
    args: ['python_probe_workloads.py', 'pool_map', '1000000'],
    check: (w) => (w.python().pools[0]?.tasksCompleted === 1_001_000 ? null : `pool counted ${w.python().pools[0]?.tasksCompleted} tasks`),
  },
  {
    name: 'Pipe ping-pong, 100,000 messages',
    args: ['python_probe_workloads.py', 'pipe_ping_pong', '100000'],
    check: (w) => (w.python().pipes[0]?.aToB.messages === 50_001 ? null : `pipe counted ${w.python().pipes[0]?.aToB.messages} messages a→b`),
  },
  {
    name: 'Queue loop (bench/queue), 200,000 messages of 64 B',
    args: ['mp_queue.py', '200000', '64', '1000'],
    check: (w) => (w.queues()[0]?.gets === 200_000 ? null : `queue counted ${w.queues()[0]?.gets} gets`),
  },
  {
    name: 'Lock-protected counter, ~10 µs inside, 2 processes, 20,000 in all',
    args: ['python_probe_workloads.py', 'locked_counter', '20000'],
    check: (w) => (w.python().locks.find((l) => l.kind === 'Lock')?.acquires === 20_000 ? null : 'the lock was not counted 20,000 times'),
  },
  {
    name: 'Bare Lock acquire/release, 1,000,000 pairs',
    args: ['python_probe_workloads.py', 'bare_lock', '1000000'],
    check: (w) => (w.python().locks[0]?.acquires === 1_000_000 ? null : `lock counted ${w.python().locks[0]?.acquires} acquisitions`),
  },
];

function once(workload: Workload, probed: boolean): number {
  const watch = probed ? ProgramQueueWatch.open() : undefined;
  const [script, ...args] = workload.args as [string, ...string[]];
  const result = spawnSync(python, [join(fixtures, script), ...args], { encoding: 'utf8', env: { ...process.env, ...watch?.env() } });
  watch?.close();
  if (result.status !== 0) throw new Error(`${workload.name}: exited ${result.status}: ${result.stderr}`);
  const problem = watch ? workload.check(watch) : null;
  if (problem) throw new Error(`${workload.name}: ${problem}`);
  return Number(result.stdout.trim());
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = workloads.map((workload) => {
  const plain: number[] = [];
  const probed: number[] = [];
  for (let round = 0; round < rounds; round++) {
    plain.push(once(workload, false));
    probed.push(once(workload, true));
  }
  return { name: workload.name, plainSeconds: median(plain), probedSeconds: median(probed), ratio: median(probed) / median(plain) };
});
const bare = rows.at(-1)!;
const addedMicrosPerAcquire = ((bare.probedSeconds - bare.plainSeconds) / 1_000_000) * 1e6;

if (values.json) process.stdout.write(`${JSON.stringify({ bench: 'python-probe', python, rounds, rows, addedMicrosPerAcquire })}\n`);
else {
  process.stdout.write(`Python probe cost (${python}), median of ${rounds} alternating rounds\n`);
  for (const r of rows)
    process.stdout.write(
      `  ${r.name.padEnd(70)} plain ${r.plainSeconds.toFixed(3)} s  probed ${r.probedSeconds.toFixed(3)} s  ${r.ratio.toFixed(2)}× (target ≤ 1.10)\n`,
    );
  process.stdout.write(`  bare Lock: ${addedMicrosPerAcquire.toFixed(3)} µs added per acquisition (target ≤ 0.5 µs)\n`);
}
