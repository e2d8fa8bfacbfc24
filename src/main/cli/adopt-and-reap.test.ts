import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptionInactiveReason } from '../engine/supervisor/adoption';
import { appRoot } from '../paths';
import { pythonOrSkip } from '../test-support/python';

// The built CLI, run as a person runs it: each entry point makes its own process a child subreaper.
const bin = join(appRoot(), 'bin', 'forkscope.js');

interface Ran {
  pid: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killed at the timeout), keeping its pid: the pid the orphans must be adopted by. */
function runToEnd(command: string, args: string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ pid: child.pid!, status, stdout, stderr });
    });
  });
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// Adopt-and-reap needs Linux (prctl, waitid through the FFI); elsewhere say why these do not run.
const linux = process.platform === 'linux';
if (!linux) process.stdout.write('adopt-and-reap tests skipped: child subreapers are Linux only\n');
const hasPython = linux && pythonOrSkip();
/** A pid namespace needs unshare(1) and the privilege to make one (root, or user namespaces). */
const unshareProblem = !linux
  ? 'not Linux'
  : spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0
    ? null
    : 'unshare --pid --fork --mount-proc does not work here (needs util-linux and root or user namespaces)';
if (linux && unshareProblem) process.stdout.write(`pid 1 test skipped: ${unshareProblem}\n`);

describe.skipIf(!linux)('adopt and reap', () => {
  it('run: the orphan of the subtree is adopted by the forkscope process itself and reaped with its exit status', async () => {
    const ran = await runToEnd(process.execPath, [bin, 'run', '--json', '--', 'sh', '-c', '(sleep 1; exit 7) & sleep 0.5; exit 0'], 20_000);
    expect(ran.status, ran.stderr).toBe(0);
    const events = jsonLines(ran.stderr);
    const root = events.find((e) => e.type === 'spawned')!;
    const adopted = events.find((e) => e.type === 'adopted');
    expect(adopted, ran.stderr).toMatchObject({ adoptedBy: ran.pid, formerParent: { pid: root.pid, name: 'sh' } });
    const orphan = adopted!.pid;
    expect(events).toContainEqual(expect.objectContaining({ type: 'exited', pid: orphan, code: 7, signal: null }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'reaped', pid: orphan }));
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({
      type: 'summary',
      orphans: [{ pid: orphan, formerParent: { pid: root.pid } }],
      exitCodes: expect.arrayContaining([expect.objectContaining({ pid: orphan, code: 7 })]),
    });
  });

  it('a test process is not a subreaper, so no Engine or Supervisor here reaps anything (only entry points adopt)', () => {
    expect(adoptionInactiveReason()).toMatch(/not a child subreaper/);
  });

  it.skipIf(!hasPython)(
    'lesson run orphan: the orphan is adopted by the lesson command (its ppid is that pid) and reaped with its exit status',
    async () => {
      const ran = await runToEnd(process.execPath, [bin, 'lesson', 'run', 'orphan', '--engine', 'python', '--json'], 60_000);
      expect(ran.status, ran.stdout + ran.stderr).toBe(0);
      const report = JSON.parse(ran.stdout) as { passed: boolean; evidence: string[]; observations: Array<{ text: string; source: string }> };
      expect(report.passed).toBe(true);
      expect(report.evidence).toContainEqual(
        expect.stringContaining(`Forkscope (${ran.pid}), a child subreaper, adopted it and reaped it: exit code 0`),
      );
      // The child's own view: os.getppid() after its parent exited is the lesson command, not the suite's subreaper or init.
      expect(report.observations).toContainEqual(
        expect.objectContaining({ source: 'program', text: expect.stringContaining(`(child of ${ran.pid}) marked parent`) }),
      );
      // Only the program's own processes: the interpreter is started directly, not through a shim's helpers.
      expect(report.evidence).toContainEqual(expect.stringMatching(/; 2 processes took part/));
    },
    90_000,
  );

  for (const lesson of ['zombie', 'daemon', 'joinable-queue']) {
    it.skipIf(!hasPython)(
      `lesson run ${lesson} --engine python exits 0`,
      async () => {
        const ran = await runToEnd(process.execPath, [bin, 'lesson', 'run', lesson, '--engine', 'python'], 90_000);
        expect(ran.status, ran.stdout + ran.stderr).toBe(0);
        expect(ran.stdout).toMatch(/\nPASSED\n/);
      },
      120_000,
    );
  }

  it.skipIf(unshareProblem !== null)(
    'as pid 1 of a new pid namespace (a container without an init), forkscope reaps what is re-parented to it',
    async () => {
      const ran = await runToEnd(
        'unshare',
        ['--pid', '--fork', '--mount-proc', process.execPath, bin, 'run', '--json', '--', 'sh', '-c', '(sleep 1; exit 5) & sleep 0.5; exit 0'],
        30_000,
      );
      expect(ran.status, ran.stderr).toBe(0);
      const events = jsonLines(ran.stderr);
      const adopted = events.find((e) => e.type === 'adopted');
      expect(adopted, ran.stderr).toMatchObject({ adoptedBy: 1 });
      expect(events).toContainEqual(expect.objectContaining({ type: 'exited', pid: adopted!.pid, code: 5 }));
      expect(events.at(-1)).toMatchObject({
        type: 'summary',
        exitCodes: expect.arrayContaining([expect.objectContaining({ code: 5 })]),
      });
    },
    60_000,
  );
});
