import type { Command } from 'commander';
import { Engine } from '../../engine/engine';
import { PortInUseError, startHost } from '../../host/server';
import { intInRange } from '../parse-int-option';
import { exitWithUsageError } from '../usage-error';

interface ServeOptions {
  port: number;
  host: string;
  token?: string;
  allowedHost: string[];
  interval: number;
  record?: string;
  replay?: string;
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
    .option('--replay <file>', 'open the recording FILE instead of the live machine (the UI can go back to live)')
    .action(async (options: ServeOptions) => {
      const everywhere = options.host === '0.0.0.0' || options.host === '::';
      if (everywhere && !options.token) {
        exitWithUsageError(`--host ${options.host} exposes this machine's processes to the network; it needs an explicit --token`);
      }
      if (options.token !== undefined && options.token.length < 16) {
        exitWithUsageError('--token must be at least 16 characters long');
      }
      const engine = new Engine({ shell: 'host', intervalMs: options.interval });
      try {
        if (options.record) await engine.handlers['recorder:start']({ path: options.record });
        if (options.replay) {
          const replay = await engine.handlers['replay:open']({ path: options.replay });
          if (replay.notice) process.stderr.write(`forkscope: ${replay.notice}\n`);
        }
      } catch (error) {
        await engine.close();
        exitWithUsageError((error as Error).message);
      }
      let host;
      try {
        host = await startHost({
          engine,
          host: options.host,
          port: options.port,
          allowedHosts: options.allowedHost,
          ...(options.token ? { token: options.token } : {}),
        });
      } catch (error) {
        await engine.close();
        if (error instanceof PortInUseError) exitWithUsageError(error.message);
        throw error;
      }
      if (everywhere) {
        process.stderr.write(
          `warning: listening on ${options.host}: anyone who can reach this machine and knows the token can see and kill its processes\n`,
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
