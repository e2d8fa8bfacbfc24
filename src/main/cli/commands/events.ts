import type { Command } from 'commander';
import { parseFilter } from '../../../shared/process-filter';
import { EventLines } from '../../engine/lifecycle/event-lines';
import { probeLifecycle } from '../../engine/lifecycle/probe';
import { LinuxProcessReader } from '../../engine/sampler/linux';
import { intInRange } from '../parse-int-option';
import { exitWithUsageError } from '../usage-error';

interface EventsOptions {
  json?: boolean;
  filter?: string;
  duration?: number;
}

export function registerEventsCommand(program: Command): void {
  program
    .command('events')
    .description("print the machine's process events as the kernel reports them, one line each: fork, exec, exit (code or signal), uid/sid changes")
    .option('--json', 'print each event as one JSON object per line')
    .option('--filter <expr>', "only events about processes that match, in the window's filter language (name:sh -user:root pid:42 …)")
    .option('--duration <ms>', 'stop after this many ms (default: until Ctrl-C)', intInRange(1, 86_400_000))
    .action(async (options: EventsOptions) => {
      process.exitCode = await events(options);
    });
}

async function events(options: EventsOptions): Promise<number> {
  const { predicate, errors } = parseFilter(options.filter ?? '');
  if (errors.length > 0) exitWithUsageError(`--filter: ${errors.join('; ')}`);
  const probe = probeLifecycle({ receiveBufferBytes: 16 * 1024 * 1024 });
  if (!probe.source) {
    process.stderr.write(`forkscope: kernel process events are not available here: ${probe.status.reason}\n`);
    return 1;
  }
  const source = probe.source;
  const lines = new EventLines(new LinuxProcessReader());
  const drain = (): void => {
    const drained = source.drain();
    if (drained.lost > 0)
      process.stderr.write(`forkscope: ${drained.lost} kernel events were lost (${source.gaps.lost} in all); the receive buffer overflowed\n`);
    for (const line of lines.batch(drained.events)) {
      if (!predicate(line.subject)) continue;
      process.stdout.write(options.json ? `${JSON.stringify(line.json)}\n` : `${line.text}\n`);
    }
  };
  const watcher = source.watch(drain);
  const timer = watcher ? null : setInterval(drain, 20);
  let keepAlive: ReturnType<typeof setTimeout> | undefined;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    // Also keeps the process alive while the socket is watched (the poll handle is unref'd).
    keepAlive = setTimeout(resolve, options.duration ?? 2 ** 31 - 1);
  });
  clearTimeout(keepAlive);
  drain();
  watcher?.close();
  if (timer) clearInterval(timer);
  source.close();
  if (!options.json) process.stderr.write(`forkscope: ${lines.threads} thread starts not listed\n`);
  return 0;
}
