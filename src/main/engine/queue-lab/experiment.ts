import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ForkscopeError } from '../../../shared/result';
import { MessageLedger } from '../../../shared/wire/queue';
import { builtMainFile, unpackedResourcesDir } from '../../paths';
import { ExperimentConfigSchema, type ExperimentConfig, type ProcessConfig } from './config';
import { requirePython } from './python';
import { GuardedGroups } from '../supervisor/guarded-groups';
import { queueSocketDir } from './socket-dir';

export interface QueueMetrics {
  t: number;
  puts: number;
  gets: number;
  depth: number;
  inFlight: number;
  taskDone: number;
  blockedProducers: number;
  waitingConsumers: number;
  /** Over the last tenth of a second, the slowest consumer's; null when nothing was consumed. */
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
}

export interface ExperimentResult {
  engine: 'node' | 'python';
  messages: number;
  seconds: number;
  throughput: number;
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
  exactlyOnce: boolean;
  producedCount: number;
  consumedCount: number;
  raisedFull: number;
  /** Time producers spent blocked on a full queue, summed. */
  producerBlockedMs: number;
  /** Set when a consumer died mid-run: the messages it held (first 100) and how many. */
  consumerLost: { id: number; inFlightCount: number; inFlight: Array<{ producer: number; seq: number }> } | null;
  /** The process that runs the experiment: the node engine's broker, or Python's main process. */
  rootPid: number;
}

interface Report {
  role: 'producer' | 'consumer';
  id: number;
  count: number;
  sum: string;
  raisedFull?: boolean;
  blockedMs?: number;
  latencies?: number[];
}

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : null;

/**
 * Runs one producer/consumer experiment on real processes, visible in the process tree. The
 * node engine: a broker process and P producer and C consumer processes linked by a Unix
 * socket. The python engine: multiprocessing.Queue exactly as the lessons use it.
 */
export async function runExperiment(
  input: Partial<ExperimentConfig>,
  onMetrics: (m: QueueMetrics) => void = () => {},
  onStarted: (pids: { root: number; producers: number[]; consumers: number[] }) => void = () => {},
  stop?: AbortSignal,
  /** Test-only: make consumer 0 drop one message and count another twice. */
  faults?: 'drop-and-duplicate',
): Promise<ExperimentResult> {
  const parsed = ExperimentConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ForkscopeError('invalid-request', `${issue.path.join('.') || 'experiment'}: ${issue.message}`);
  }
  const experiment = parsed.data;
  const faultEnv = faults ? { FORKSCOPE_QUEUE_FAULTS: faults } : { FORKSCOPE_QUEUE_FAULTS: '' };
  const socketPath = join(queueSocketDir(), `${randomBytes(6).toString('hex')}.sock`);
  const children: ChildProcess[] = [];
  const python = experiment.engine === 'python' ? requirePython() : null;
  // Every process of the experiment leads a group the watchdog guards: however the experiment or Forkscope ends,
  // no broker, producer, consumer or Python worker (a grandchild) is left blocking on a pipe.
  const groups = await GuardedGroups.open();
  const start = (name: string, id: number): ChildProcess => {
    const config: ProcessConfig = { socketPath, id, experiment };
    const child = groups.spawn(process.execPath, [builtMainFile(`queue-${name}.js`)], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', FORKSCOPE_QUEUE: JSON.stringify(config), ...faultEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return child;
  };
  try {
    const broker = python
      ? groups.spawn(python, [join(unpackedResourcesDir(), 'python', 'queue_experiment.py')], {
          env: { ...process.env, FORKSCOPE_QUEUE: JSON.stringify({ experiment }), ...faultEnv },
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : start('broker', 0);
    if (python) {
      children.push(broker);
      onStarted({ root: broker.pid!, producers: [], consumers: [] });
    }
    const lines = createInterface({ input: broker.stdout! });
    const final = await new Promise<{ seconds: number; gets: number; reports: Report[]; consumerLost?: ExperimentResult['consumerLost'] }>(
      (resolve, reject) => {
        broker.once('exit', (code) => reject(new ForkscopeError('internal', `the queue broker exited (${code}) before the experiment finished`)));
        if (stop?.aborted) reject(new ForkscopeError('refused', 'the experiment was stopped'));
        stop?.addEventListener('abort', () => reject(new ForkscopeError('refused', 'the experiment was stopped')), { once: true });
        lines.on('line', (line) => {
          const message = JSON.parse(line) as { type: string } & Record<string, unknown>;
          if (message.type === 'listening' && !python) {
            const producers = Array.from({ length: experiment.producers }, (_, i) => start('producer', i).pid!);
            const consumers = Array.from({ length: experiment.consumers }, (_, i) => start('consumer', i).pid!);
            onStarted({ root: broker.pid!, producers, consumers });
          } else if (message.type === 'metrics') {
            onMetrics(message as unknown as QueueMetrics);
          } else if (message.type === 'final') {
            resolve(message as unknown as { seconds: number; gets: number; reports: Report[]; consumerLost?: ExperimentResult['consumerLost'] });
          } else if (message.type === 'error') {
            reject(new ForkscopeError('internal', `queue broker: ${String(message.message)}`));
          }
        });
      },
    );
    // After a lost consumer the others will never finish on their own: stop them.
    if (final.consumerLost) for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));

    const produced = new MessageLedger();
    const consumed = new MessageLedger();
    const latencies: number[] = [];
    let raisedFull = 0;
    let producerBlockedMs = 0;
    for (const report of final.reports) {
      producerBlockedMs += report.blockedMs ?? 0;
      (report.role === 'producer' ? produced : consumed).merge(report);
      if (report.raisedFull) raisedFull++;
      latencies.push(...(report.latencies ?? []));
    }
    latencies.sort((a, b) => a - b);
    return {
      engine: experiment.engine,
      messages: consumed.count,
      seconds: final.seconds,
      throughput: final.seconds > 0 ? consumed.count / final.seconds : 0,
      p50LatencyMs: percentile(latencies, 0.5),
      p99LatencyMs: percentile(latencies, 0.99),
      exactlyOnce: !final.consumerLost && produced.count === consumed.count && produced.sum === consumed.sum,
      consumerLost: final.consumerLost ?? null,
      producedCount: produced.count,
      consumedCount: consumed.count,
      raisedFull,
      producerBlockedMs,
      rootPid: broker.pid!,
    };
  } finally {
    await groups.end();
    rmSync(socketPath, { force: true });
  }
}
