import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgramQueueStats } from '../../shared/events';
import { appRoot } from '../paths';
import { pythonExecutable, pythonOrSkip } from '../test-support/python';
import { runRecords } from '../test-support/run-stderr';

const bin = join(appRoot(), 'bin', 'forkscope.js');
const program = join(appRoot(), 'src', 'main', 'engine', 'queue-lab', '__fixtures__', 'two_queues.py');
const hasPython = pythonOrSkip();
// The interpreter itself, so the subtree is the program's processes and not a version-manager shim's helpers.
const python = hasPython ? pythonExecutable() : 'python3';
// A user's own sitecustomize on PYTHONPATH: the probe's must not hide it.
const userSite = mkdtempSync(join(tmpdir(), 'forkscope-usersite-'));
writeFileSync(join(userSite, 'sitecustomize.py'), 'import builtins\nbuiltins.USER_SITE_LOADED = True\n');
afterAll(() => rmSync(userSite, { recursive: true, force: true }));
const env = { ...process.env, PYTHONPATH: userSite };

function queuesOf(stderr: string): ProgramQueueStats[] {
  const line = runRecords(stderr).records.find((e) => e.type === 'queues') as { queues?: ProgramQueueStats[] } | undefined;
  if (!line?.queues) throw new Error(`no queues line in: ${stderr}`);
  return line.queues;
}

describe.runIf(hasPython)('forkscope run --queues', () => {
  for (const method of ['fork', 'spawn', 'forkserver']) {
    it(`counts both queues of a two-queue program (${method}) and leaves its output unchanged`, () => {
      const plain = spawnSync(python, [program, method], { encoding: 'utf8', env, timeout: 20_000 });
      expect(plain.status).toBe(0);
      expect(plain.stdout).toContain('user sitecustomize: True');

      const watched = spawnSync(process.execPath, [bin, 'run', '--queues', '--json', '--', python, program, method], {
        encoding: 'utf8',
        env,
        timeout: 30_000,
      });
      expect(watched.status).toBe(0);
      expect(watched.stdout).toBe(plain.stdout);
      const queues = queuesOf(watched.stderr);
      expect(queues.map((q) => q.id)).toEqual([expect.stringMatching(/two_queues\.py:17$/), expect.stringMatching(/two_queues\.py:18$/)]);
      const [jobs, results] = queues;
      expect(jobs).toMatchObject({ kind: 'JoinableQueue', maxsize: 4, puts: 20, gets: 20, taskDone: 20, depth: 0 });
      expect(jobs!.maxDepth).toBeLessThanOrEqual(4);
      expect(results).toMatchObject({ kind: 'Queue', maxsize: 0, puts: 20, gets: 20, depth: 0 });
      // the main process and at least one worker (a slow starter may find no job left)
      expect(jobs!.processes).toBeGreaterThanOrEqual(2);
    });
  }

  it('numbers queues made on one line, and says so when a command has none', () => {
    const code = 'import multiprocessing as mp\nqs = [mp.Queue() for _ in range(2)]\nqs[0].put(1); qs[0].get()\nprint("ok")';
    const watched = spawnSync(process.execPath, [bin, 'run', '--queues', '--json', '--', python, '-c', code], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(watched.stdout).toBe('ok\n');
    expect(queuesOf(watched.stderr).map((q) => [q.id, q.puts])).toEqual([
      ['<string>:2', 1],
      ['<string>:2#2', 0],
    ]);

    const none = spawnSync(process.execPath, [bin, 'run', '--queues', '--', python, '-c', 'print(1)'], { encoding: 'utf8', timeout: 30_000 });
    expect(none.stdout).toBe('1\n');
    expect(none.stderr).toMatch(/no multiprocessing queue reported/);
  });
});
