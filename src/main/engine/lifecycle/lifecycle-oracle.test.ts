import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonExecutable, pythonOrSkip } from '../../test-support/python';
import { runUnderOracle, type RunUnderOracle } from '../../test-support/strace-oracle';

// `forkscope run` (the built CLI) against an independent oracle: strace -f prints how every task
// under it ended. Programs without threads, so every task is a process.
const fixtures = join(import.meta.dirname, '__fixtures__');

/**
 * pid → status of every process Forkscope reported, without strace (the run's root) and the children
 * strace forks to probe ptrace features before it starts the command, which it does not trace.
 */
function seenBy(run: RunUnderOracle): Map<number, { ppid: number; code: number | null; signal: string | null; name: string }> {
  const own = (p: { pid: number; ppid: number }): boolean => p.pid === run.stracePid || (p.ppid === run.stracePid && !run.oracle.has(p.pid));
  return new Map(run.summary.tree.filter((p) => !own(p)).map((p) => [p.pid, p]));
}

/** Events mode: the same processes as the oracle, each with the same status. */
function expectExact(run: RunUnderOracle): void {
  expect(run.summary.lifecycle.mode).toBe('events');
  const seen = seenBy(run);
  expect([...seen.keys()].sort()).toEqual([...run.oracle.keys()].sort());
  for (const [pid, exit] of run.oracle) expect({ pid, ...seen.get(pid) }).toMatchObject({ pid, ...exit });
  const statuses = run.summary.exitCodes as unknown[];
  expect(statuses.length).toBeGreaterThanOrEqual(run.oracle.size);
}

/** Sampled mode: fewer processes, but nothing invented and no status that contradicts the oracle. */
function expectConsistent(run: RunUnderOracle, label: string): void {
  expect(run.summary.lifecycle.mode).toBe('sampled');
  const seen = seenBy(run);
  let known = 0;
  for (const [pid, p] of seen) {
    expect(run.oracle.has(pid), `sampled mode reported ${pid} (${p.name}), which strace never saw`).toBe(true);
    if (p.code !== null || p.signal !== null) {
      known++;
      expect({ pid, code: p.code, signal: p.signal }).toEqual({ pid, ...run.oracle.get(pid) });
    }
  }
  process.stdout.write(`sampled mode, ${label}: ${seen.size} of ${run.oracle.size} processes seen, ${known} exit statuses known\n`);
}

const sampled = { FORKSCOPE_LIFECYCLE: 'sampled' };
const loop = ['sh', '-c', 'for i in $(seq 200); do /bin/true; done'];

describe('lifecycle against strace, events mode', () => {
  it('a shell loop of 200 short commands: all 202 processes, each exited 0', () => {
    const run = runUnderOracle(loop);
    expect(run.oracle.size).toBe(202);
    expectExact(run);
  });

  it('multiprocessing children ending by sys.exit(3), a return, an uncaught exception and terminate()', () => {
    if (!pythonOrSkip()) return;
    const run = runUnderOracle([pythonExecutable(), join(fixtures, 'mp_exits.py')]);
    expectExact(run);
    const children = [...seenBy(run).values()].filter((p) => p.name !== 'strace');
    expect(children.map((p) => p.signal ?? p.code)).toEqual(expect.arrayContaining([3, 0, 1, 'SIGTERM']));
  });

  it('a parent that forks and exits at once: its child is reported orphaned, with its status', () => {
    if (!pythonOrSkip()) return;
    const run = runUnderOracle([pythonExecutable(), join(fixtures, 'fork_and_exit.py')]);
    expectExact(run);
    const parent = run.summary.tree.find((p) => p.ppid === run.stracePid && run.oracle.has(p.pid))!;
    const orphaned = run.lines.find((line) => line.type === 'orphaned');
    expect(orphaned).toMatchObject({ formerParent: { pid: parent.pid } });
    expect(seenBy(run).get(orphaned!.pid as number)).toMatchObject({ code: 3 });
  });

  it("`sh -c 'exec sleep 1'` takes the name sleep at its exec", () => {
    const run = runUnderOracle(['sh', '-c', 'exec sleep 1']);
    expectExact(run);
    const [pid] = [...run.oracle.keys()];
    // Its former name is strace's or sh's: the second exec may come before /proc could be read after the first.
    expect(run.lines.find((line) => line.type === 'exec' && line.pid === pid && line.name === 'sleep')).toMatchObject({
      formerName: expect.stringMatching(/^(sh|strace)$/),
    });
    expect(seenBy(run).get(pid!)).toMatchObject({ name: 'sleep', code: 0 });
  });
});

describe('lifecycle against strace, sampled mode (FORKSCOPE_LIFECYCLE=sampled)', () => {
  it('the loop: what it sees is real and every status it knows is right', () => {
    expectConsistent(runUnderOracle(loop, sampled), 'shell loop');
  });

  it('multiprocessing and the forking parent: the same holds', () => {
    if (!pythonOrSkip()) return;
    expectConsistent(runUnderOracle([pythonExecutable(), join(fixtures, 'mp_exits.py')], sampled), 'multiprocessing');
    expectConsistent(runUnderOracle([pythonExecutable(), join(fixtures, 'fork_and_exit.py')], sampled), 'fork and exit');
  });

  it('exec sleep: a tick that reads the new name renames the process, first seen as sh, to sleep', () => {
    const run = runUnderOracle(['sh', '-c', 'sleep 0.5; exec sleep 1'], sampled);
    expectConsistent(run, 'exec sleep');
    const root = [...seenBy(run).values()].find((p) => p.ppid === run.stracePid);
    expect(root).toMatchObject({ name: 'sleep' });
  });
});
