import { Command, CommanderError } from 'commander';
import { appVersion } from '../paths';
import { openDesktop } from './commands/open-desktop';
import { registerEventsCommand } from './commands/events';
import { registerLessonCommand } from './commands/lesson';
import { registerQueueCommand } from './commands/queue';
import { registerReplayCommand } from './commands/replay';
import { registerRunCommand } from './commands/run';
import { registerServeCommand } from './commands/serve';
import { registerSnapshotCommand } from './commands/snapshot';
import { exitWithUsageError } from './usage-error';

/** `forkscope`: each command a thin adapter over the engine. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = new Command('forkscope')
    .description('Forkscope: watch, spawn, join, signal and kill real processes; see zombies and orphans as they happen.')
    .version(appVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerServeCommand(program);
  registerSnapshotCommand(program);
  registerRunCommand(program);
  registerEventsCommand(program);
  registerQueueCommand(program);
  registerLessonCommand(program);
  registerReplayCommand(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => {} });

  if (argv.length === 0) {
    openDesktop();
    return;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) process.exit(0);
      exitWithUsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
}

await runCli(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`forkscope: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
