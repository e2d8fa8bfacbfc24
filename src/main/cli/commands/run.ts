import type { Command } from 'commander';
import { SpawnModeSchema, type EngineEvent, type SpawnMode } from '../../../shared/events';
import { processKey, type LifecycleStatus } from '../../../shared/model';
import { dispatchInternal } from '../../engine/dispatch';
import { Sampler } from '../../engine/sampler';
import { Supervisor } from '../../engine/supervisor/supervisor';
import { becomeChildSubreaperOrWarn } from '../../engine/supervisor/subreaper';
import { intInRange } from '../parse-int-option';
import { exitWithUsageError } from '../usage-error';
import { SubtreeWatch } from '../../engine/analysis/subtree-watch';
import { ProgramQueueWatch } from '../../engine/queue-lab/program-queues';
import { describePython } from '../describe-python';
import { describeQueues } from '../describe-queues';
import { SessionRecorder } from '../../engine/session/session-recorder';

interface RunOptions {
  json?: boolean;
  record?: string;
  queues?: boolean;
  python?: boolean;
  mode: string;
  interval: number;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description("run CMD and watch its whole process subtree until every process in it has ended; events go to stderr, CMD's output passes through")
    .argument('<command...>', 'the command and its arguments (put -- before it)')
    .option('--json', 'print each event as one JSON object per line')
    .option('--mode <mode>', 'attached, daemon (dies with Forkscope) or detached (outlives it)', 'attached')
    .option('--interval <ms>', 'sampling interval in ms', intInRange(100, 10_000), 100)
    .option('--record <file>', 'record everything seen (the subtree and the whole process table) to FILE, for forkscope replay or serve --replay')
    .option(
      '--python',
      'see a Python CMD as multiprocessing sees it (its processes by name and target, exit codes, queues), without changing its code or output; printed at the end',
    )
    .option('--queues', 'the same as --python (its queues record is printed as before)')
    .action(async (argv: string[], options: RunOptions) => {
      const mode = SpawnModeSchema.safeParse(options.mode);
      if (!mode.success) exitWithUsageError(`--mode must be attached, daemon or detached, not ${JSON.stringify(options.mode)}`);
      process.exitCode = await run(argv, mode.data as SpawnMode, options);
    });
}

function describeLifecycle(lifecycle: LifecycleStatus, intervalMs: number): string {
  if (lifecycle.mode === 'events') return `lifecycle: events — ${lifecycle.reason}`;
  return `lifecycle: sampled — ${lifecycle.reason}; processes shorter than the ${intervalMs} ms interval and their exit statuses can be missed`;
}

async function run(argv: string[], mode: SpawnMode, options: RunOptions): Promise<number> {
  const [command, ...args] = argv as [string, ...string[]];
  becomeChildSubreaperOrWarn();
  const sampler = new Sampler({ intervalMs: options.interval, keyframeEvery: 50 });
  await sampler.nextTick();
  const supervisor = new Supervisor();
  const watch = new SubtreeWatch();
  const recorder = options.record ? new SessionRecorder(options.interval) : undefined;
  if (recorder) {
    try {
      const current = sampler.current();
      await recorder.start(options.record, current ? [{ type: 'keyframe', t: current.takenAt, snapshot: current }] : []);
    } catch (error) {
      await sampler.stop();
      await supervisor.dispose();
      exitWithUsageError((error as Error).message);
    }
  }
  const print = (event: EngineEvent): void => {
    if (event.type === 'events-lost') {
      const text = `${event.lost} kernel process events were lost (${event.total} in all); the table was read again from /proc`;
      process.stderr.write(options.json ? `${JSON.stringify(event)}\n` : `forkscope: ${text}\n`);
      return;
    }
    const line = watch.describe(event);
    if (line) process.stderr.write(options.json ? `${JSON.stringify(line.json)}\n` : `forkscope: ${line.text}\n`);
  };
  // Until the spawn returns, the root's identity is unknown: keep what arrives meanwhile.
  const buffered: EngineEvent[] = [];
  const handle = (event: EngineEvent): void => {
    recorder?.record([event]);
    if (!watch.rootKey) {
      buffered.push(event);
      return;
    }
    watch.apply(event);
    print(event);
  };
  supervisor.onEvent(handle);
  sampler.onEvents((events) => {
    supervisor.observe(events);
    events.forEach(handle);
  });

  const queueWatch = options.python || options.queues ? ProgramQueueWatch.open() : undefined;
  // Checked by the engine-only spawn schema (the terminal is shared with the child), as the contract checks a window's spawn.
  const spawned = await dispatchInternal({ 'supervisor:spawn': (request) => supervisor.spawn(request) }, 'supervisor:spawn', {
    command,
    args,
    mode,
    passthrough: true,
    newSession: true,
    // Guarded: whoever kills `run`, even with SIGKILL, expects CMD to go too (a detached CMD still outlives it).
    guard: true,
    env: queueWatch?.env(),
  });
  if (!spawned.ok) {
    queueWatch?.close();
    await sampler.stop();
    await supervisor.dispose();
    if (spawned.error.kind === 'internal') throw new Error(spawned.error.message);
    exitWithUsageError(spawned.error.message);
  }
  const [child] = spawned.value;
  watch.setRoot(processKey(child!), sampler.current(), { ownSession: true });
  for (const event of buffered.splice(0)) {
    watch.apply(event);
    print(event);
  }

  let interrupted = false;
  const onInterrupt = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('forkscope: interrupted; ending the subtree\n');
    void supervisor.kill(child!, { tree: true, graceMs: 1000 }).catch(() => {});
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (watch.finished()) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = sampler.onEvents(check);
    check();
  });
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
  await sampler.stop();
  await supervisor.dispose();
  if (recorder) {
    const saved = await recorder.stop();
    process.stderr.write(
      saved.error
        ? `forkscope: the recording ${saved.path} stopped early: ${saved.error}\n`
        : `forkscope: recorded ${saved.records} records to ${saved.path}\n`,
    );
  }

  const summary = watch.summary();
  const lifecycle = sampler.lifecycle() ?? { mode: 'sampled', reason: 'the sampler never said' };
  if (options.json) process.stderr.write(`${JSON.stringify({ type: 'summary', ...summary, lifecycle })}\n`);
  else process.stderr.write(`forkscope: ${watch.summaryText()}\nforkscope: ${describeLifecycle(lifecycle, options.interval)}\n`);
  if (queueWatch) {
    const queues = queueWatch.close();
    const python = queueWatch.python();
    if (options.json) {
      process.stderr.write(`${JSON.stringify({ type: 'queues', queues })}\n`);
      process.stderr.write(`${JSON.stringify({ type: 'python', ...python, queues })}\n`);
    } else {
      for (const line of [...describePython(python), ...describeQueues(queues)]) process.stderr.write(`forkscope: ${line}\n`);
    }
    if (queueWatch.freeThreadedProcesses > 0)
      process.stderr.write(`forkscope: ${queueWatch.freeThreadedProcesses} process(es) run a free-threaded Python, which the probe does not count\n`);
  }
  if (interrupted) return 130;
  return summary.exitCode;
}
