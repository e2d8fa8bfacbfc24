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

/** Runs the fixture plainly and under the probe; both runs must print the same bytes. */
function runBoth(python: string, args: string[], name = 'python_managers.py'): ProgramQueueWatch {
  const fixture = join(fixtures, name);
  const plain = spawnSync(python, [fixture, ...args], { cwd: fixtures, timeout: 60_000 });
  const watch = ProgramQueueWatch.open();
  const probed = spawnSync(python, [fixture, ...args], { cwd: fixtures, env: { ...process.env, ...watch.env() }, timeout: 60_000 });
  watch.close();
  expect(plain.status).toBe(0);
  expect(probed.status).toBe(plain.status);
  expect(probed.stdout.toString('latin1')).toBe(plain.stdout.toString('latin1'));
  expect(probed.stderr.toString('latin1')).toBe(plain.stderr.toString('latin1'));
  return watch;
}

describe.runIf(hasPython)('the Python probe sees managers and SimpleQueues', () => {
  for (const { version, path } of versions) {
    for (const method of METHODS) {
      it(`Python ${version}, ${method}: a Manager's server process, its dict's calls, its Queue and a SimpleQueue in the queue view`, () => {
        const watch = runBoth(path, [method]);
        const { managers, processes } = watch.python();
        const main = processes.find((p) => p.name === 'MainProcess')!;
        const workers = processes.filter((p) => p.target === '__main__.tally');
        expect(workers).toHaveLength(2);
        expect(managers).toHaveLength(1);
        const [manager] = managers!;
        const server = processes.find((p) => p.pid === manager!.serverPid);
        expect(server).toMatchObject({ name: 'SyncManager-1', target: 'multiprocessing.managers.BaseManager._run_server', parentPid: main.pid });
        expect(manager).toMatchObject({ id: 'python_managers.py:25', kind: 'SyncManager', ownerPid: main.pid, serverName: 'SyncManager-1' });
        expect(manager!.proxies.map((p) => [p.id, p.type])).toEqual([
          ['python_managers.py:26', 'dict'],
          ['python_managers.py:27', 'Queue'],
        ]);
        const [dict, jobs] = manager!.proxies;
        // 3 + 4 item writes in the workers; items() in the main process.
        expect(dict!.users.map((u) => [u.pid, u.out])).toEqual(
          [[main.pid, 1], ...workers.map((w, n) => [w.pid, n === 0 ? 3 : 4])].sort((a, b) => a[0]! - b[0]!),
        );
        expect(dict).toMatchObject({ calls: 8, raised: 0 });
        expect(dict!.callMs).toBeGreaterThan(0);
        // 8 puts by main, 8 gets by the workers (6 jobs and 2 Nones).
        expect(jobs!.calls).toBe(16);
        expect(manager!.byType).toEqual({ dict: { proxies: 1, calls: 8 }, Queue: { proxies: 1, calls: 16 } });
        const queues = watch.queues();
        expect(queues.map((q) => [q.id, q.kind, q.maxsize, q.puts, q.gets, q.depth, q.manager ?? null])).toEqual([
          ['python_managers.py:27', 'Queue', 5, 8, 8, 0, 'python_managers.py:25'],
          ['python_managers.py:28', 'Queue', 0, 8, 8, 0, null],
          ['python_managers.py:42', 'SimpleQueue', 0, 20, 20, 0, null],
          ['python_managers.py:42#2', 'SimpleQueue', 0, 20, 20, 0, null],
        ]);
        const echoer = processes.find((p) => p.target === '__main__.echo')!;
        const users = watch.python().queueUsers.filter((u) => u.id.startsWith('python_managers.py:42'));
        expect(users.map((u) => [u.id, u.pid === echoer.pid, u.out, u.in]).sort()).toEqual(
          [
            ['python_managers.py:42', false, 20, 0],
            ['python_managers.py:42', true, 0, 20],
            ['python_managers.py:42#2', false, 0, 20],
            ['python_managers.py:42#2', true, 20, 0],
          ].sort(),
        );
      });
    }
  }

  for (const method of METHODS) {
    it(`${method}: a child killed by SIGKILL keeps the proxy calls and SimpleQueue puts it counted`, () => {
      const watch = runBoth(versions.at(-1)!.path, [method], 'python_managers_killed.py');
      const { managers, processes } = watch.python();
      const doomed = processes.find((p) => p.name === 'doomed')!;
      expect(doomed.exitcode).toBe(-9);
      const dict = managers![0]!.proxies.find((p) => p.type === 'dict')!;
      expect(dict.users.find((u) => u.pid === doomed.pid)).toMatchObject({ out: 25, blockedNow: false });
      const users = watch.python().queueUsers.filter((u) => u.id === 'python_managers_killed.py:21');
      expect(users.map((u) => [u.pid === doomed.pid, u.out, u.in]).sort()).toEqual([
        [false, 0, 7],
        [true, 7, 0],
      ]);
    });
  }
});
