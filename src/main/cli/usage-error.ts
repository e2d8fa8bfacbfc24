/** A mistake in how the CLI was called: one line naming it, a hint, exit code 2. */
export class UsageError extends Error {}

export function exitWithUsageError(message: string): never {
  process.stderr.write(`forkscope: ${message}\nRun 'forkscope --help' for usage.\n`);
  process.exit(2);
}
