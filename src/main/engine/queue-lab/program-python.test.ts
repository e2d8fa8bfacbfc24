import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../paths';
import { pythonOrSkip, pythonVersions } from '../../test-support/python';
import { ProgramQueueWatch } from './program-queues';

const fixtures = join(appRoot(), 'src', 'main', 'engine', 'queue-lab', '__fixtures__');
const hasPython = pythonOrSkip();
const versions = hasPython ? pythonVersions() : [];
const METHODS = ['fork', 'spawn', 'forkserver'];

/** Runs a fixture plainly and under the probe; both runs must print the same bytes. */
function runBoth(python: string, fixture: string, args: string[]): ProgramQueueWatch {
  const plain = spawnSync(python, [join(fixtures, fixture), ...args], { cwd: fixtures, timeout: 60_000 });
  const watch = ProgramQueueWatch.open();
  const probed = spawnSync(python, [join(fixtures, fixture), ...args], { cwd: fixtures, env: { ...process.env, ...watch.env() }, timeout: 60_000 });
  watch.close();
  expect(probed.status).toBe(plain.status);
  expect(probed.stdout.toString('latin1')).toBe(plain.stdout.toString('latin1'));
  expect(probed.stderr.toString('latin1')).toBe(plain.stderr.toString('latin1'));
  return watch;
}

describe.runIf(hasPython)('the Python probe sees processes as multiprocessing does', () => {
  for (const { version, path } of versions) {
    for (const method of METHODS) {
      it(`Python ${version}, ${method}: names, targets, daemon flags and exit codes of children that end every way`, () => {
        const watch = runBoth(path, 'python_processes.py', [method]);
        const { processes } = watch.python();
        const main = processes.find((p) => p.name === 'MainProcess');
        expect(main).toMatchObject({ target: null, startMethod: null });
        const byName = new Map(processes.map((p) => [p.name, p]));
        const child = (name: string, target: string, site: string, exitcode: number, daemon = false): Record<string, unknown> => ({
          name,
          target,
          targetSite: `python_processes.py:${site}`,
          exitcode,
          daemon,
          startMethod: method,
          parentPid: main!.pid,
          joinedBy: main!.pid,
        });
        expect(byName.get('returns')).toMatchObject(child('returns', '__main__.returns', '9', 0));
        expect(byName.get('exits')).toMatchObject(child('exits', '__main__.exits', '13', 4));
        expect(byName.get('raises')).toMatchObject(child('raises', '__main__.raises', '17', 1));
        expect(byName.get('terminated')).toMatchObject(child('terminated', '__main__.sleeps', '21', -15, true));
        expect(byName.get('killed')).toMatchObject(child('killed', '__main__.sleeps', '21', -9, true));
        expect(byName.get('subclassed')).toMatchObject(child('subclassed', '__main__.Subclassed.run', '26', 0));
        expect(byName.get('terminated')!.terminatedAt).toBeGreaterThanOrEqual(byName.get('terminated')!.startedAt!);
        expect(byName.get('killed')!.killedAt).toBeGreaterThanOrEqual(byName.get('killed')!.startedAt!);
        expect(byName.get('returns')!.joins).toBe(1);
        // The parent's ring has each start, join and exit, in order.
        const kinds = watch.events.filter((e) => e.pid === main!.pid && e.a === byName.get('killed')!.pid).map((e) => e.kind);
        expect(kinds).toEqual([1, 5, 2, 6, 3]);
        expect(watch.python().eventsDropped).toBe(0);
      });
    }
  }

  const poolRuns = versions.flatMap(({ version, path }, n) =>
    (n === versions.length - 1 ? METHODS : ['fork']).map((method) => ({ version, path, method })),
  );
  for (const { version, path, method } of poolRuns) {
    it(`Python ${version}, ${method}: pools count workers over their life and tasks per worker, failures by type`, () => {
      const watch = runBoth(path, 'python_pools.py', [method]);
      const { pools, processes } = watch.python();
      expect(pools.map((p) => [p.id, p.kind])).toEqual([
        ['python_pools.py:22', 'Pool'],
        ['python_pools.py:30', 'Pool'],
        ['python_pools.py:33', 'ProcessPoolExecutor'],
      ]);
      const [replaced, mapped, executor] = pools;
      // maxtasksperchild=1: a worker for each of the 8 tasks (and maybe replacements started as the pool closed).
      expect(replaced).toMatchObject({ size: 2, tasksSubmitted: 8, tasksStarted: 8, tasksCompleted: 5, tasksFailed: 3, backlog: 0 });
      expect(replaced!.failedBy).toEqual({ ValueError: 2, KeyError: 1 });
      expect(replaced!.workers).toBeGreaterThanOrEqual(8);
      expect(replaced!.calls).toEqual({ map: 0, imap: 0, applyAsync: 8, submit: 0 });
      expect(replaced!.perWorker.every((w) => w.tasksStarted <= 1)).toBe(true);
      expect(mapped).toMatchObject({
        workers: 2,
        tasksSubmitted: 1010,
        tasksCompleted: 1010,
        chunks: 20,
        maxChunk: 100,
        calls: { map: 1, imap: 1, applyAsync: 0, submit: 0 },
      });
      expect(mapped!.perWorker.reduce((n, w) => n + w.chunks, 0)).toBe(20);
      expect(executor).toMatchObject({
        tasksSubmitted: 51,
        tasksCompleted: 51,
        tasksFailed: 0,
        chunks: 6,
        calls: { map: 1, imap: 0, applyAsync: 0, submit: 1 },
      });
      const workerNames = processes.filter((p) => p.target === 'multiprocessing.pool.worker').map((p) => p.name);
      expect(workerNames.length).toBe(replaced!.workers + mapped!.workers);
      expect(processes.filter((p) => p.target === 'concurrent.futures.process._process_worker')).toHaveLength(executor!.workers);
      // A task-start event on a worker's ring per chunk: 8 apply_async, 10 map and 10 imap chunks, 5 map chunks and a submit.
      const starts = watch.events.filter((e) => e.kind === 10).length;
      expect(starts).toBe(8 + 20 + 6);
    });
  }

  for (const { version, path, method } of poolRuns) {
    it(`Python ${version}, ${method}: lock contention with its wait, Event, Barrier, Semaphore and a duplex Pipe each way`, () => {
      const watch = runBoth(path, 'python_sync.py', [method]);
      const { locks, pipes, processes } = watch.python();
      const main = processes.find((p) => p.name === 'MainProcess')!;
      expect(locks.map((l) => [l.id, l.kind])).toEqual([
        ['python_sync.py:27', 'Lock'],
        ['python_sync.py:28', 'Event'],
        ['python_sync.py:36', 'Barrier'],
        ['python_sync.py:37', 'Semaphore'],
      ]);
      const [lock, event, barrier, semaphore] = locks;
      // The main process found the lock held and waited for it; the holder took it at once.
      expect(lock).toMatchObject({ acquires: 2, contended: 1, holderPid: null, gaveUp: 0 });
      expect(lock!.waitMs).toBeGreaterThan(0);
      expect(lock!.maxWaitMs).toBe(lock!.waitMs);
      expect(lock!.users.find((u) => u.pid === main.pid)).toMatchObject({ out: 1 });
      expect(event).toMatchObject({ sets: 1, clears: 0 });
      expect(barrier!.users).toHaveLength(2);
      expect(semaphore).toMatchObject({ acquires: 2 });
      expect(pipes).toHaveLength(1);
      const [pipe] = pipes;
      expect(pipe).toMatchObject({ id: 'python_sync.py:43', duplex: true, aToB: { messages: 100 }, bToA: { messages: 100 } });
      expect(pipe!.aToB.bytes).toBeGreaterThan(100);
      expect(pipe!.recvBlockedMs).toBeGreaterThan(0);
      expect(pipe!.users.map((u) => [u.pid === main.pid, u.end, u.out, u.in]).sort()).toEqual([
        [false, 'b', 100, 100],
        [true, 'a', 100, 100],
      ]);
    });
  }
});
