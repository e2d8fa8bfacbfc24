import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcess, readProcessTable } from '../sampler';
import { isAlive } from './__fixtures__/alive';
import { supervisorPerTest } from './__fixtures__/per-test';
import { confirmIdentity } from './target';

const each = supervisorPerTest();
const linux = process.platform === 'linux';
if (!linux) console.log('thread-targets: thread ids and kernel threads are Linux /proc notions; skipped on', process.platform);

/** Thread ids of a process other than its own pid, straight from /proc/<pid>/task. */
function threadIds(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter((tid) => tid !== pid);
}

/** What a person could send as a target: the thread's id and the start time /proc shows for it. */
function threadTarget(tid: number): { pid: number; startTime: number } {
  const row = readProcess(tid);
  if (!row) throw new Error(`thread ${tid} vanished`);
  return { pid: tid, startTime: row.startTime };
}

function kernelState(pid: number): string | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
}

describe.skipIf(!linux)('a thread id as a target', () => {
  it('of Forkscope itself is refused for signal, group signal, kill, kill tree, join and details, naming Forkscope', async () => {
    const tid = threadIds(process.pid)[0];
    expect(tid, 'the test runner has threads besides its main one').toBeDefined();
    const target = threadTarget(tid!);
    const named = { kind: 'refused', message: expect.stringContaining(`thread of process ${process.pid}`) };
    await expect(each.supervisor.signal(target, 'SIGSTOP')).rejects.toMatchObject(named);
    await expect(each.supervisor.signal(target, 'SIGSTOP', { group: true })).rejects.toMatchObject(named);
    await expect(each.supervisor.kill(target)).rejects.toMatchObject(named);
    await expect(each.supervisor.kill(target, { tree: true })).rejects.toMatchObject(named);
    await expect(each.supervisor.join(target, 10)).rejects.toMatchObject(named);
    expect(() => confirmIdentity(target)).toThrow(/Forkscope itself/);
    // Still running, not stopped: the refusal came before any signal.
    expect(kernelState(process.pid)).not.toBe('T');
  });

  it('of a child is refused, naming the child, and the child runs on untouched', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['30'] });
    // A Node runtime starts its worker threads right after exec.
    const tid = await waitFor('the child to have threads', () => threadIds(child!.pid)[0]);
    // The workload names itself (its comm) once it runs: the refusal names it by that name.
    await waitFor('the child to take its workload name', () => readFileSync(`/proc/${child!.pid}/comm`, 'utf8').trim() === 'sleep');
    const target = threadTarget(tid);
    const named = {
      kind: 'refused',
      message: expect.stringMatching(new RegExp(`thread of process ${child!.pid} \\(sleep\\).*name process ${child!.pid} instead`)),
    };
    await expect(each.supervisor.signal(target, 'SIGKILL')).rejects.toMatchObject(named);
    await expect(each.supervisor.kill(target, { tree: true, graceMs: 100 })).rejects.toMatchObject(named);
    await expect(each.supervisor.join(target, 10)).rejects.toMatchObject(named);
    expect(isAlive(child!)).toBe(true);
    expect(kernelState(child!.pid)).not.toBe('T');
  });
});

describe.skipIf(!linux)('kernel threads', () => {
  const kernel = linux ? readProcessTable().filter((row) => row.pid === 2 || row.ppid === 2) : [];
  const isKthread = (pid: number): boolean => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]) & 0x00200000) !== 0;
  };
  const kthreadd = kernel.find((row) => row.pid === 2 && isKthread(2));
  const worker = kernel.find((row) => row.ppid === 2 && isKthread(row.pid));
  if (linux && !kthreadd) console.log('kernel threads: none visible here (a pid namespace hides them); the refusal is not exercised');

  it.skipIf(!kthreadd)('kthreadd (pid 2) and one of its threads are refused up front, with no TERM or KILL tried', async () => {
    const events: string[] = [];
    each.supervisor.onEvent((e) => events.push(e.type));
    await expect(each.supervisor.kill(kthreadd!)).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/^refused: 2 \(kthreadd\) is a kernel thread/),
    });
    await expect(each.supervisor.kill(kthreadd!, { tree: true })).rejects.toMatchObject({ kind: 'refused' });
    await expect(each.supervisor.signal(kthreadd!, 'SIGTERM')).rejects.toMatchObject({ kind: 'refused' });
    if (worker)
      await expect(each.supervisor.kill(worker)).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('kernel thread') });
    expect(events).toEqual([]);
  });
});
