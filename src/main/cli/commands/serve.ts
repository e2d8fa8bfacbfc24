import type { Command } from 'commander';
import { invoke } from '../../engine/dispatch';
import { Engine } from '../../engine/engine';
import { RUN_LIMITS } from '../../engine/run-limits';
import { tokenProblem } from '../../host/access';
import { isLoopbackAddress } from '../../host/bind-address';
import { HOST_LIMITS } from '../../host/limits';
import { ExposedWithoutTokenError, PortInUseError, startHost } from '../../host/server';
import { becomeChildSubreaperOrWarn } from '../../engine/supervisor/subreaper';
import { intInRange } from '../parse-int-option';
import { exitWithUsageError } from '../usage-error';

interface ServeOptions {
  port: number;
  host: string;
  token?: string;
  allowedHost: string[];
  interval: number;
  record?: string;
  recordOutput?: boolean;
  replay?: string;
  maxClientBufferMb: number;
  maxFailedTokenAttempts: number;
  maxProcesses?: number;
  maxExperiments?: number;
  maxWorkloadMemoryMb?: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Forkscope UI to a browser (loopback only unless --host is given)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', intInRange(0, 65535), 7787)
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--token <token>', 'access token (default: a new random one each start)')
    .option('--allowed-host <name>', 'another name browsers may use to reach this host (repeatable)', collect, [])
    .option('--interval <ms>', 'sampling interval in ms', intInRange(100, 60_000), 1000)
    .option('--record <file>', 'record the session (every event, and every action taken in the UI) to FILE')
    .option(
      '--record-output',
      'with --record: keep the last 64 KiB of the output of each process started from the UI (off by default: output can hold secrets)',
    )
    .option('--replay <file>', 'open the recording FILE instead of the live machine (the UI can go back to live)')
    .option(
      '--max-client-buffer-mb <MiB>',
      'close a browser that falls this far behind (MAX_CLIENT_BUFFERED_BYTES)',
      intInRange(1, 1024),
      HOST_LIMITS.MAX_CLIENT_BUFFERED_BYTES / 1024 / 1024,
    )
    .option(
      '--max-failed-token-attempts <n>',
      `wrong tokens one address may try per ${HOST_LIMITS.FAILED_TOKEN_WINDOW_MS / 1000} s before it is refused (MAX_FAILED_TOKEN_ATTEMPTS)`,
      intInRange(1, 1_000_000),
      HOST_LIMITS.MAX_FAILED_TOKEN_ATTEMPTS,
    )
    .option('--max-processes <n>', `${RUN_LIMITS.maxProcesses.what} (settings key limits.maxProcesses)`, intInRange(1, 1_000_000))
    .option('--max-experiments <n>', `${RUN_LIMITS.maxExperiments.what} (settings key limits.maxExperiments)`, intInRange(1, 1000))
    .option(
      '--max-workload-memory-mb <MB>',
      `${RUN_LIMITS.maxWorkloadMemoryMb.what} (settings key limits.maxWorkloadMemoryMb)`,
      intInRange(1, 16_777_216),
    )
    .action(async (options: ServeOptions) => {
      const problem = options.token === undefined ? null : tokenProblem(options.token);
      if (problem) exitWithUsageError(problem);
      becomeChildSubreaperOrWarn();
      const { maxProcesses, maxExperiments, maxWorkloadMemoryMb } = options;
      const limits = Object.fromEntries(Object.entries({ maxProcesses, maxExperiments, maxWorkloadMemoryMb }).filter(([, v]) => v !== undefined));
      const engine = new Engine({ shell: 'host', intervalMs: options.interval, limits });
      // The same door as a browser's: the contract checks the path, and a refusal is a Result with its reason.
      if (options.recordOutput && !options.record) exitWithUsageError('--record-output keeps output in a recording: give --record FILE too');
      const recording = options.record
        ? await invoke(engine, 'recorder:start', { path: options.record, output: options.recordOutput === true })
        : null;
      const replay = options.replay && recording?.ok !== false ? await invoke(engine, 'replay:open', { path: options.replay }) : null;
      const refused = [recording, replay].find((result) => result?.ok === false);
      if (refused && !refused.ok) {
        await engine.close();
        exitWithUsageError(refused.error.message);
      }
      if (replay?.ok && replay.value.notice) process.stderr.write(`forkscope: ${replay.value.notice}\n`);
      let host;
      try {
        host = await startHost({
          engine,
          host: options.host,
          port: options.port,
          allowedHosts: options.allowedHost,
          ...(options.token !== undefined ? { token: options.token } : {}),
          limits: { maxClientBufferedBytes: options.maxClientBufferMb * 1024 * 1024, maxFailedTokenAttempts: options.maxFailedTokenAttempts },
        });
      } catch (error) {
        await engine.close();
        if (error instanceof PortInUseError || error instanceof ExposedWithoutTokenError) exitWithUsageError(error.message);
        throw error;
      }
      if (!isLoopbackAddress(host.boundAddress)) {
        const others = host.otherAddresses.map((a) => (a.includes(':') ? `[${a}]` : a));
        process.stderr.write(
          `warning: listening on ${host.boundAddress}: anyone who can reach this machine and knows the token can see and kill its processes` +
            (others.length > 0 ? `; other machines can use ${others.map((a) => `http://${a}:${host.port}/`).join(', ')} with the same token` : '') +
            '\n',
        );
      }
      process.stdout.write(`Forkscope is serving at ${host.url}\n`);
      const shutdown = async (): Promise<void> => {
        await host.close();
        await engine.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
