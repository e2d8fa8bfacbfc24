// bench/queue: 1 producer → 1 consumer, 200,000 messages of 64 B and of 4 KiB, capacity 1,000,
// side by side: Forkscope's node engine, Python's multiprocessing.Queue, and a raw pipe between
// two processes as the ceiling, each timed from its first message received to its last (process
// start-up is not a queue's cost); and what the `--queues` probe costs a multiprocessing.Queue
// program. Prints messages/s and the ratios. `npm run bench -- queue [--json] [--messages N]`
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runExperiment } from '../src/main/engine/queue-lab/experiment';
import { ProgramQueueWatch } from '../src/main/engine/queue-lab/program-queues';
import { requirePython } from '../src/main/engine/queue-lab/python';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, messages: { type: 'string', default: '200000' } } });
const messages = Number(values.messages);
const fixtures = join(import.meta.dirname, 'fixtures');
const capacity = 1000;

/** multiprocessing.Queue, plain or with Forkscope's queue probe injected as `--queues` does it. */
function pythonQueue(size: number, probed = false): number | null {
  const watch = probed ? ProgramQueueWatch.open() : undefined;
  const env = { ...process.env, ...watch?.env() };
  const result = spawnSync(requirePython(), [join(fixtures, 'mp_queue.py'), String(messages), String(size), String(capacity)], {
    encoding: 'utf8',
    env,
  });
  const counted = watch?.close();
  if (watch && counted?.[0]?.gets !== messages) throw new Error(`the probe counted ${counted?.[0]?.gets} gets, not ${messages}`);
  return result.status === 0 ? messages / Number(result.stdout.trim()) : null;
}

async function rawPipe(size: number): Promise<number> {
  const writer = spawn(process.execPath, [join(fixtures, 'pipe-writer.js'), String(messages), String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reader = spawn(process.execPath, [join(fixtures, 'pipe-reader.js'), String(messages)], { stdio: ['pipe', 'pipe', 'inherit'] });
  writer.stdout.pipe(reader.stdin);
  let out = '';
  reader.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((resolve) => reader.once('exit', resolve));
  const [status, seconds] = out.trim().split(' ');
  if (status !== 'ok') throw new Error(`raw pipe: ${out.trim()}`);
  return messages / Number(seconds);
}

const rows = [];
for (const size of [64, 4096]) {
  const node = await runExperiment({ engine: 'node', producers: 1, consumers: 1, capacity, messages, size });
  if (!node.exactlyOnce) throw new Error('node engine: messages lost or duplicated');
  const python = pythonQueue(size);
  const probed = pythonQueue(size, true);
  const pipe = await rawPipe(size);
  rows.push({
    size,
    node: node.throughput,
    python,
    probed,
    pipe,
    nodeVsPython: python ? node.throughput / python : null,
    pipeVsNode: pipe / node.throughput,
    probeCost: python && probed ? python / probed : null,
  });
}

if (values.json) process.stdout.write(`${JSON.stringify({ bench: 'queue', messages, capacity, rows })}\n`);
else {
  const rate = (v: number | null) => (v === null ? '      n/a' : `${Math.round(v).toLocaleString('en').padStart(9)}/s`);
  process.stdout.write(`1 producer → 1 consumer, ${messages.toLocaleString('en')} messages, capacity ${capacity}\n`);
  for (const r of rows) {
    process.stdout.write(
      `  ${String(r.size).padStart(4)} B  node engine ${rate(r.node)}   multiprocessing.Queue ${rate(r.python)}   raw pipe ${rate(r.pipe)}   ` +
        `node/python ${r.nodeVsPython === null ? 'n/a' : r.nodeVsPython.toFixed(2)}× (target ≥ 2)   pipe/node ${r.pipeVsNode.toFixed(2)}× (target ≤ 3)\n` +
        `          with the --queues probe: multiprocessing.Queue ${rate(r.probed)}, time ${r.probeCost === null ? 'n/a' : r.probeCost.toFixed(2)}× the plain run\n`,
    );
  }
}
