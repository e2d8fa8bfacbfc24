import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRoot } from '../paths';

/** How a task ended, as strace printed it: `+++ exited with N +++` or `+++ killed by SIGX (core dumped) +++`. */
export interface OracleExit {
  code: number | null;
  signal: string | null;
}

/**
 * strace -f's exit lines ("PID +++ exited with N +++"), pid → how it ended. Signal lines ("--- SIGCHLD …")
 * are skipped; they are not filtered with `-e signal=none`, since strace 6.1 then drops the "killed by" lines too.
 */
export function parseStraceExits(text: string): Map<number, OracleExit> {
  const exits = new Map<number, OracleExit>();
  for (const line of text.split('\n')) {
    const exited = /^(\d+)\s+\+\+\+ exited with (\d+) \+\+\+/.exec(line);
    if (exited) exits.set(Number(exited[1]), { code: Number(exited[2]), signal: null });
    const killed = /^(\d+)\s+\+\+\+ killed by (SIG[A-Z0-9]+)/.exec(line);
    if (killed) exits.set(Number(killed[1]), { code: null, signal: killed[2]! });
  }
  return exits;
}

export interface RunUnderOracle {
  /** The `forkscope run --json` lines (stderr), parsed. */
  lines: Array<Record<string, unknown>>;
  summary: Record<string, unknown> & {
    tree: Array<{ pid: number; ppid: number; name: string; code: number | null; signal: string | null }>;
    lifecycle: { mode: string; reason: string };
  };
  /** What strace saw of every task under it. */
  oracle: Map<number, OracleExit>;
  /** strace's own pid: the root of the run, not in the oracle. */
  stracePid: number;
  status: number | null;
}

/**
 * Runs `forkscope run --json -- strace -f -e trace=none … -- argv`, so Forkscope and the independent oracle watch
 * the same processes (same pids), and returns both views.
 */
export function runUnderOracle(argv: string[], env: Record<string, string> = {}): RunUnderOracle {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-oracle-'));
  const out = join(dir, 'strace.txt');
  try {
    const result = spawnSync(
      process.execPath,
      [join(appRoot(), 'bin', 'forkscope.js'), 'run', '--json', '--', 'strace', '-f', '-q', '-e', 'trace=none', '-o', out, '--', ...argv],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } },
    );
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = lines.find((line) => line.type === 'summary') as RunUnderOracle['summary'] | undefined;
    if (!summary) throw new Error(`forkscope run printed no summary (exit ${result.status}): ${result.stderr.slice(-2000)}`);
    const spawned = lines.find((line) => line.type === 'spawned');
    return { lines, summary, oracle: parseStraceExits(readFileSync(out, 'utf8')), stracePid: Number(spawned?.pid), status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
