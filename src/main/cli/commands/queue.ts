import { Option, type Command } from 'commander';
import { ForkscopeError } from '../../../shared/result';
import { runExperiment } from '../../engine/queue-lab/experiment';
import { intInRange } from '../parse-int-option';
import { exitWithUsageError } from '../usage-error';
import { adoptedText } from '../../engine/analysis/subtree-watch';
import { adoption } from '../../engine/supervisor/adoption';
import { becomeChildSubreaperOrWarn } from '../../engine/supervisor/subreaper';

interface QueueOptions {
  engine: string;
  producers: number;
  consumers: number;
  capacity: number;
  messages: number;
  duration?: number;
  size: number;
  rate: number;
  workMs: number;
  timeoutMs?: number;
  termination: string;
  json?: boolean;
}

/** Capacity 0 or a negative count is a mistake to name before anything starts. */
const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) exitWithUsageError(`--${name} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return n;
};

const seconds = (value: string): number => {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 86_400)
    exitWithUsageError(`--duration must be a number of seconds above 0 (at most 86400), got ${JSON.stringify(value)}`);
  return n;
};

export function registerQueueCommand(program: Command): void {
  program
    .command('queue')
    .description('run a producer/consumer experiment on real processes and print throughput, latency and the exactly-once check')
    .option('--engine <engine>', "node (Forkscope's own queue process) or python (multiprocessing.Queue)", 'node')
    .option('--producers <n>', 'producer processes', positive('producers'), 2)
    .option('--consumers <n>', 'consumer processes', positive('consumers'), 2)
    .option('--capacity <n>', 'queue capacity (put blocks when full)', positive('capacity'), 3)
    .option('--messages <n>', 'messages in all', positive('messages'), 1000)
    .addOption(
      new Option('--duration <seconds>', 'producers put for this long instead of a number of messages').argParser(seconds).conflicts('messages'),
    )
    .option('--size <bytes>', 'message size', intInRange(0, 1_048_576), 64)
    .option('--rate <per-s>', 'messages per second per producer (0: as fast as possible)', intInRange(0, 10_000_000), 0)
    .option('--work-ms <ms>', 'work time per message in each consumer', intInRange(0, 60_000), 0)
    .option('--timeout-ms <ms>', 'put timeout: a producer blocked this long raises Full and stops', intInRange(0, 3_600_000))
    .option('--termination <style>', 'sentinel or joinable', 'sentinel')
    .option('--json', 'print one JSON object with the result')
    .action(async (options: QueueOptions) => {
      if (options.engine !== 'node' && options.engine !== 'python')
        exitWithUsageError(`--engine must be node or python, not ${JSON.stringify(options.engine)}`);
      if (options.termination !== 'sentinel' && options.termination !== 'joinable') exitWithUsageError('--termination must be sentinel or joinable');
      let lastPrinted = 0;
      becomeChildSubreaperOrWarn();
      // No supervisor here: the experiment's orphans (a worker whose parent died) are reaped and named by this one.
      const stopAdoption = adoption().subscribe((event) => {
        if (options.json) return;
        if (event.type === 'adopted') process.stderr.write(`forkscope: ${event.pid} (${event.name}) ${adoptedText(event.formerParent)}\n`);
        if (event.type === 'exited')
          process.stderr.write(`forkscope: ${event.pid} (${event.name}) exited ${event.signal ? `by ${event.signal}` : `with code ${event.code}`}\n`);
      });
      // A stop from the terminal ends the experiment's processes before exiting; a second one exits at once, and the
      // watchdog ends them then (as it does when this process is SIGKILLed).
      const stop = new AbortController();
      const interrupt = (): void => {
        process.stderr.write('forkscope: interrupted; ending the experiment\n');
        stop.abort();
      };
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        const result = await runExperiment(
          {
            engine: options.engine,
            producers: options.producers,
            consumers: options.consumers,
            capacity: options.capacity,
            messages: options.messages,
            duration: options.duration ?? null,
            size: options.size,
            rate: options.rate,
            workMs: options.workMs,
            timeoutMs: options.timeoutMs ?? null,
            termination: options.termination,
          },
          (m) => {
            if (options.json || m.t - lastPrinted < 1000) return;
            lastPrinted = m.t;
            process.stderr.write(
              `forkscope: ${m.gets} got, depth ${m.depth}/${options.capacity}, ${m.blockedProducers} producer(s) blocked, ${m.waitingConsumers} consumer(s) waiting\n`,
            );
          },
          undefined,
          stop.signal,
        );
        const summary = {
          engine: result.engine,
          messages: result.messages,
          seconds: result.seconds,
          throughput: Math.round(result.throughput),
          p50LatencyMs: result.p50LatencyMs,
          p99LatencyMs: result.p99LatencyMs,
          exactlyOnce: result.exactlyOnce,
        };
        if (result.consumerLost) {
          const lost = result.consumerLost;
          process.stderr.write(
            `forkscope: consumer ${lost.id} died with ${lost.inFlightCount} message(s) in flight: ${lost.inFlight
              .slice(0, 10)
              .map((m) => `producer ${m.producer} #${m.seq}`)
              .join(', ')}${lost.inFlightCount > 10 ? ', …' : ''}; the experiment was stopped\n`,
          );
        }
        if (options.json)
          process.stdout.write(`${JSON.stringify({ ...summary, raisedFull: result.raisedFull, consumerLost: result.consumerLost })}\n`);
        else {
          const ms = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)} ms`);
          process.stdout.write(
            `${summary.messages} messages in ${summary.seconds.toFixed(3)} s: ${summary.throughput} messages/s; latency p50 ${ms(summary.p50LatencyMs)}, p99 ${ms(summary.p99LatencyMs)}; ` +
              `${summary.exactlyOnce ? 'every message consumed exactly once' : 'NOT exactly once: messages were lost or duplicated'}` +
              `${result.raisedFull ? `; ${result.raisedFull} producer(s) raised Full` : ''}\n`,
          );
        }
        process.exitCode = result.exactlyOnce ? 0 : 1;
      } catch (error) {
        if (stop.signal.aborted) {
          process.exitCode = 130;
          return;
        }
        if (error instanceof ForkscopeError && (error.kind === 'invalid-request' || error.kind === 'unsupported')) exitWithUsageError(error.message);
        throw error;
      } finally {
        stopAdoption();
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    });
}
