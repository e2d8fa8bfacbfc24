import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { supervisorPerTest } from './__fixtures__/per-test';
import { descendantsOf } from '../../../shared/analysis/tree';
import { readProcess, readProcessTable } from '../sampler';
import { isAlive } from './__fixtures__/alive';

const each = supervisorPerTest();

/** The state letter straight from the kernel, not through the sampler. */
function kernelState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

describe('signal', () => {
  it('stops and continues a process, as /proc shows', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['10'] });
    await each.supervisor.signal(child!, 'SIGSTOP');
    await waitFor('state T', () => kernelState(child!.pid) === 'T');
    await each.supervisor.signal(child!, 'SIGCONT');
    await waitFor('state S', () => kernelState(child!.pid) === 'S');
  });

  it('sends every supported signal to its own child and reports each on the event stream', async () => {
    const [child] = await each.supervisor.spawn({ command: 'sh', args: ['-c', 'trap "" INT HUP USR1 USR2; exec sleep 10'] });
    // Until the shell has set its traps and exec'd sleep, USR1 would end it.
    await waitFor('sleep to run', () => readProcess(child!.pid)?.name === 'sleep');
    const signals: string[] = [];
    each.supervisor.onEvent((e) => e.type === 'signaled' && signals.push(e.signal));
    for (const signal of ['SIGUSR1', 'SIGUSR2', 'SIGHUP', 'SIGINT', 'SIGSTOP', 'SIGCONT', 'SIGTERM'] as const)
      await each.supervisor.signal(child!, signal);
    expect(signals).toEqual(['SIGUSR1', 'SIGUSR2', 'SIGHUP', 'SIGINT', 'SIGSTOP', 'SIGCONT', 'SIGTERM']);
    expect(await each.supervisor.join(child!, 5000)).toMatchObject({ timedOut: false, signal: 'SIGTERM' });
  });

  it('signals a process group only when asked, and only through its leader', async () => {
    const [leader] = await each.supervisor.spawn({ mode: 'daemon', command: 'sh', args: ['-c', 'sleep 30 & exec sleep 31'] });
    // A plain command: an ordinary child in Forkscope's own group (a built-in workload leads a guarded group of its own).
    const [attached] = await each.supervisor.spawn({ command: 'sleep', args: ['30'] });
    const member = await waitFor('the leader has a child', () => descendantsOf(readProcessTable(), leader!.pid)[0]);
    each.started.push(member);

    await expect(each.supervisor.signal(attached!, 'SIGTERM', { group: true })).rejects.toThrow(/does not lead a process group/);
    await expect(each.supervisor.signal(member, 'SIGTERM', { group: true })).rejects.toThrow(/does not lead a process group/);
    await expect(each.supervisor.signal({ pid: -leader!.pid, startTime: leader!.startTime }, 'SIGTERM', { group: true })).rejects.toThrow(
      /process group/,
    );
    expect(isAlive(member)).toBe(true);

    await each.supervisor.signal(leader!, 'SIGKILL', { group: true });
    await waitFor('the whole group gone', () => !isAlive(leader!) && !isAlive(member));
    expect(isAlive(attached!)).toBe(true);
  });

  it('says no-such-process for a child that has exited and been reaped', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'crash', args: ['0', '0'] });
    await each.supervisor.join(child!);
    await expect(each.supervisor.signal(child!, 'SIGTERM')).rejects.toMatchObject({ kind: 'no-such-process' });
  });
});
