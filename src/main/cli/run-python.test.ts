import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgramQueueStats } from '../../shared/events';
import type { ProgramPython } from '../../shared/python-program';
import { appRoot } from '../paths';
import { pythonExecutable, pythonOrSkip } from '../test-support/python';
import { runRecords } from '../test-support/run-stderr';

const bin = join(appRoot(), 'bin', 'forkscope.js');
const fixtures = join(appRoot(), 'src', 'main', 'engine', 'queue-lab', '__fixtures__');
const hasPython = pythonOrSkip();
const python = hasPython ? pythonExecutable() : 'python3';

type PythonRecord = ProgramPython & { type: 'python'; queues: ProgramQueueStats[] };

function records(stderr: string): { type: string }[] {
  return runRecords(stderr).records;
}

describe.runIf(hasPython)('forkscope run --python', () => {
  it('prints the python record after the queues record, and leaves the output as it is', () => {
    const plain = spawnSync(python, ['python_program.py', 'spawn'], { cwd: fixtures, encoding: 'utf8', timeout: 30_000 });
    expect(plain.stdout).toBe('squares: 328350\ncounted: 100\n');
    const watched = spawnSync(process.execPath, [bin, 'run', '--python', '--json', '--', python, 'python_program.py', 'spawn'], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(watched.status).toBe(0);
    expect(watched.stdout).toBe(plain.stdout);
    const lines = records(watched.stderr);
    const types = lines.map((l) => l.type);
    expect(types.slice(-3)).toEqual(['summary', 'queues', 'python']);
    const record = lines.at(-1) as PythonRecord;
    expect(Object.keys(record)).toEqual(['type', 'processes', 'pools', 'locks', 'pipes', 'managers', 'queueUsers', 'eventsDropped', 'queues']);
    const main = record.processes.find((p) => p.name === 'MainProcess')!;
    const counters = record.processes.filter((p) => p.name.startsWith('counter-'));
    expect(counters).toEqual([
      expect.objectContaining({
        target: '__main__.count',
        targetSite: 'python_program.py:11',
        daemon: false,
        startMethod: 'spawn',
        parentPid: main.pid,
        exitcode: 0,
      }),
      expect.objectContaining({
        target: '__main__.count',
        targetSite: 'python_program.py:11',
        daemon: false,
        startMethod: 'spawn',
        parentPid: main.pid,
        exitcode: 0,
      }),
    ]);
    const workers = record.processes.filter((p) => p.name.startsWith('SpawnPoolWorker-'));
    expect(workers).toHaveLength(2);
    for (const worker of workers) expect(worker).toMatchObject({ target: 'multiprocessing.pool.worker', daemon: true, parentPid: main.pid });
    expect(record.pools).toEqual([
      expect.objectContaining({
        id: 'python_program.py:26',
        kind: 'Pool',
        workers: 2,
        tasksSubmitted: 100,
        tasksCompleted: 100,
        tasksFailed: 0,
        chunks: 10,
      }),
    ]);
    // A worker the pool ends while it is still starting (spawn is slow) never counted anything.
    for (const worker of record.pools[0]!.perWorker) expect(workers.map((w) => w.pid)).toContain(worker.pid);
    expect(record.pools[0]!.perWorker.reduce((n, w) => n + w.tasksCompleted, 0)).toBe(100);
    expect(record.locks).toEqual([expect.objectContaining({ id: 'python_program.py:20', kind: 'Lock', acquires: 100, holderPid: null })]);
    expect(record.locks[0]!.users.map((u) => u.pid).sort()).toEqual(counters.map((c) => c.pid).sort());
    expect(record.queues.map((q) => [q.id, q.puts, q.gets])).toEqual([['python_program.py:21', 2, 2]]);
    expect(record.managers).toEqual([]);
  });

  it('prints a manager with its server process and its proxies by type, and puts its queue with the others', () => {
    const watched = spawnSync(process.execPath, [bin, 'run', '--python', '--json', '--', python, 'python_managers.py', 'forkserver'], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(watched.status).toBe(0);
    const record = records(watched.stderr).at(-1) as PythonRecord;
    expect(record.managers).toEqual([
      expect.objectContaining({ id: 'python_managers.py:25', kind: 'SyncManager', serverName: 'SyncManager-1', calls: 24 }),
    ]);
    expect(record.queues.map((q) => [q.id, q.kind, q.manager ?? null])).toEqual([
      ['python_managers.py:27', 'Queue', 'python_managers.py:25'],
      ['python_managers.py:28', 'Queue', null],
      ['python_managers.py:42', 'SimpleQueue', null],
      ['python_managers.py:42#2', 'SimpleQueue', null],
    ]);
    const plain = spawnSync(process.execPath, [bin, 'run', '--python', '--', python, 'python_managers.py', 'fork'], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(plain.stderr).toMatch(
      /manager python_managers\.py:25 \(SyncManager\): server \d+ \(SyncManager-1\), 24 proxy calls: dict 1× \(8 calls\), Queue 1× \(16 calls\)/,
    );
    expect(plain.stderr).toMatch(/ {2}dict python_managers\.py:26: 8 calls \([\d.]+ ms, longest [\d.]+ ms\), from 3 processes/);
  });

  it('prints a line per process without --json; --queues is the same switch', () => {
    const watched = spawnSync(process.execPath, [bin, 'run', '--queues', '--', python, 'python_processes.py', 'fork'], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: watched.status, signal: watched.signal, error: watched.error }).toEqual({ status: 0, signal: null, error: undefined });
    expect(watched.stderr).toMatch(
      /process \d+ terminated · sleeps\(\) python_processes\.py:21 · daemon, started by \d+ \(fork\), terminate\(\) called, exitcode -15 \(SIGTERM\), joined by \d+/,
    );
    expect(watched.stderr).toMatch(/process \d+ exits · exits\(\) python_processes\.py:13, started by \d+ \(fork\), exitcode 4, joined by/);
  });
});
