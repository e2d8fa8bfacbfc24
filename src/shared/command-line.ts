import { split } from 'shlex';

/** What a shell would do with these that Forkscope, which runs no shell, passes on as they are. */
const SHELL_SYNTAX = /[$`*?[|&;<>()]|^~|^#/;

/** Why a command line cannot be split into words; each has its text in the i18n tables (`spawn.line.problem.*`). */
export type CommandLineProblem = 'unclosed-quote' | 'trailing-backslash' | 'empty';

export type SplitCommandLine =
  | {
      ok: true;
      /** The words, as the program gets them in argv (the first names the program). */
      argv: string[];
      /** Some word holds `$`, `~`, a glob or an operator, which reach the program literally: a shell (`sh -c`) would read them. */
      shellSyntax: boolean;
    }
  | { ok: false; problem: CommandLineProblem };

/**
 * Splits one command line into argv as a POSIX shell splits words (single and double quotes, backslashes), with shlex
 * (a port of Python's `shlex.split`). Nothing else a shell does happens: no variables, `~`, globs, operators or comments.
 */
export function splitCommandLine(line: string): SplitCommandLine {
  let argv: string[];
  try {
    argv = split(line);
  } catch (error) {
    // shlex says "Got EOF while in a quoted string" or "... in an escape sequence"; nothing else throws.
    return { ok: false, problem: /escape/.test((error as Error).message) ? 'trailing-backslash' : 'unclosed-quote' };
  }
  if (argv.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, argv, shellSyntax: argv.some((word) => SHELL_SYNTAX.test(word)) };
}

/** The argv that has a shell read the line: pipes, `&`, variables and globs then mean what they mean in sh. */
export function shellArgv(line: string): string[] {
  return ['sh', '-c', line];
}
