import { describe, expect, it } from 'vitest';
import { shellArgv, splitCommandLine } from './command-line';

const argv = (line: string) => {
  const split = splitCommandLine(line);
  if (!split.ok) throw new Error(`${line}: ${split.problem}`);
  return split.argv;
};

describe('splitCommandLine', () => {
  it('splits on quotes and backslashes as a POSIX shell does', () => {
    expect(argv(`printf '%s\\n' 'a b' "c d" e\\ f`)).toEqual(['printf', '%s\\n', 'a b', 'c d', 'e f']);
    expect(argv(`sh -c 'sleep 0.2 & exec sleep 30'`)).toEqual(['sh', '-c', 'sleep 0.2 & exec sleep 30']);
    expect(argv(`echo "say \\"hi\\"" 'it'\\''s'`)).toEqual(['echo', 'say "hi"', "it's"]);
    expect(argv(`  sleep\t30  `)).toEqual(['sleep', '30']);
    expect(argv(`x "" y`)).toEqual(['x', '', 'y']);
  });

  it('runs no shell: variables, ~, globs, operators and # stay literal, and say so', () => {
    const split = splitCommandLine('echo $HOME ~ *.txt a|b && c # d');
    expect(split).toEqual({ ok: true, argv: ['echo', '$HOME', '~', '*.txt', 'a|b', '&&', 'c', '#', 'd'], shellSyntax: true });
    expect(splitCommandLine('sleep 30')).toEqual({ ok: true, argv: ['sleep', '30'], shellSyntax: false });
    // Not shell syntax where a shell would not read it either: ~ inside a word, # inside a word.
    expect(splitCommandLine('git log a~1 x#y')).toMatchObject({ shellSyntax: false });
  });

  it('names what is wrong with a line it cannot split', () => {
    expect(splitCommandLine(`echo 'unclosed`)).toEqual({ ok: false, problem: 'unclosed-quote' });
    expect(splitCommandLine(`echo "unclosed`)).toEqual({ ok: false, problem: 'unclosed-quote' });
    expect(splitCommandLine(`echo trailing\\`)).toEqual({ ok: false, problem: 'trailing-backslash' });
    expect(splitCommandLine('   ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('hands the whole line to sh -c when a shell is asked for', () => {
    expect(shellArgv('sleep 0.2 & exec sleep 30')).toEqual(['sh', '-c', 'sleep 0.2 & exec sleep 30']);
  });
});
