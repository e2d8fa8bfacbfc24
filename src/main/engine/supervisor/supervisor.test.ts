import { readFileSync } from 'node:fs';
import psTree from 'ps-tree';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { supervisorPerTest } from './__fixtures__/per-test';
import { descendantsOf } from '../../../shared/analysis/tree';
import { readProcess, readProcessTable } from '../sampler';

const each = supervisorPerTest();

describe('Supervisor', () => {
  it('reports an attached child exit code and signal, and reaps it', async () => {
    const events: string[] = [];
    each.supervisor.onEvent((e) => events.push(`${e.type}:${e.pid}`));
    const [byCode] = await each.supervisor.spawn({ workload: 'crash', args: ['3', '10'] });
    const [bySignal] = await each.supervisor.spawn({ workload: 'crash', args: ['SIGKILL', '10'] });
    expect(await each.supervisor.join(byCode!)).toMatchObject({ timedOut: false, code: 3, signal: null });
    expect(await each.supervisor.join(bySignal!)).toMatchObject({ timedOut: false, code: null, signal: 'SIGKILL' });
    expect(events).toEqual(
      expect.arrayContaining([`spawned:${byCode!.pid}`, `exited:${byCode!.pid}`, `reaped:${byCode!.pid}`, `joined:${byCode!.pid}`]),
    );
    expect(readProcess(byCode!.pid)?.startTime === byCode!.startTime).toBe(false);
    expect(each.supervisor.logText(byCode!)).toContain('crash: exiting with 3');
  });

  it('joins with a timeout while the child runs, then without one', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['0.5'] });
    expect(await each.supervisor.join(child!, 50)).toMatchObject({ timedOut: true });
    const done = await each.supervisor.join(child!);
    expect(done).toMatchObject({ timedOut: false, code: 0 });
    if (!done.timedOut) expect(done.runMs).toBeGreaterThan(0);
  });

  it('refuses to join a process that is not its child', async () => {
    const self = readProcess(process.pid)!;
    await expect(each.supervisor.join(self)).rejects.toThrow(/not a child of Forkscope/);
  });

  it('spawns count children at once and starts no Electron-as-Node in custom commands', async () => {
    const children = await each.supervisor.spawn({ workload: 'sleep', args: ['5'], count: 3 });
    expect(new Set(children.map((c) => c.pid)).size).toBe(3);
    const [custom] = await each.supervisor.spawn({
      command: 'sh',
      args: ['-c', 'echo "runas=${ELECTRON_RUN_AS_NODE:-unset}"'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    await each.supervisor.join(custom!);
    expect(each.supervisor.logText(custom!)).toContain('runas=unset');
  });

  it('says clearly when a command does not exist', async () => {
    await expect(each.supervisor.spawn({ command: 'no-such-command-forkscope' })).rejects.toThrow(/no-such-command-forkscope was not found/);
  });

  it('finds the same descendants as ps-tree for a 3-level tree', async () => {
    const [root] = await each.supervisor.spawn({ workload: 'fork-tree', args: ['2', '2', '30'] });
    const ours = await waitFor('6 descendants', () => {
      const found = descendantsOf(readProcessTable(), root!.pid);
      return found.length === 6 && found;
    });
    const theirs = await new Promise<readonly psTree.PS[]>((resolve, reject) =>
      psTree(root!.pid, (error, children) => (error ? reject(error) : resolve(children))),
    );
    expect(ours.map((p) => p.pid).sort()).toEqual(theirs.map((p) => Number(p.PID)).sort());
  });

  it('joins all children at once', async () => {
    await each.supervisor.spawn({ workload: 'crash', args: ['7', '10'], count: 2 });
    const results = await each.supervisor.joinAll(5000);
    expect(results).toHaveLength(2);
    for (const result of results) expect(result).toMatchObject({ timedOut: false, code: 7 });
  });

  it('gets a stopped process to act on TERM instead of waiting out the grace period for KILL', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['30'] });
    await each.supervisor.signal(child!, 'SIGSTOP');
    await waitFor('stopped', () => readProcess(child!.pid)?.state === 'stopped');
    const report = await each.supervisor.kill(child!, { graceMs: 5000 });
    expect(report.entries).toEqual([expect.objectContaining({ pid: child!.pid, outcome: 'terminated' })]);
  });

  it('refuses dangerous and stale targets with a message', async () => {
    const [child] = await each.supervisor.spawn({ workload: 'sleep', args: ['10'] });
    const cases: Array<[number, RegExp]> = [
      [0, /pid 0/],
      [-0, /pid 0/],
      [-5, /process group 5/],
      [1, /init/],
      [Number.NaN, /not a process id/],
      [1.5, /not a process id/],
      [process.pid, /Forkscope itself/],
      [process.ppid, /ancestors/],
    ];
    for (const [pid, message] of cases) {
      await expect(each.supervisor.signal({ pid, startTime: 0 }, 'SIGTERM'), String(pid)).rejects.toThrow(message);
      await expect(each.supervisor.kill({ pid, startTime: 0 }), String(pid)).rejects.toThrow(message);
    }
    const stale = { pid: child!.pid, startTime: child!.startTime + 1 };
    const reused = { kind: 'pid-reused', message: `process ${child!.pid} has exited or its pid was reused; refresh and try again` };
    await expect(each.supervisor.signal(stale, 'SIGKILL')).rejects.toMatchObject(reused);
    await expect(each.supervisor.kill(stale, { tree: true })).rejects.toMatchObject(reused);
    expect(readProcess(child!.pid)?.startTime).toBe(child!.startTime);
  });

  it('names the parent when asked to signal a zombie', async () => {
    const [maker] = await each.supervisor.spawn({ workload: 'zombie-maker', args: ['1', '10'] });
    const zombie = await waitFor('a zombie child', () => readProcessTable().find((p) => p.ppid === maker!.pid && p.state === 'zombie'));
    await expect(each.supervisor.signal(zombie, 'SIGKILL')).rejects.toThrow(new RegExp(`waiting for its parent ${maker!.pid}`));
  });

  it('kills a 3-level tree, including a grandchild that left the session, and reports each', async () => {
    const script = 'sh -c "setsid sleep 30 & sleep 30 & wait" & wait';
    const [root] = await each.supervisor.spawn({ command: 'sh', args: ['-c', script] });
    const members = await waitFor('4 processes in the tree', () => {
      const found = descendantsOf(readProcessTable(), root!.pid);
      return found.length === 3 && found.every((p) => p.name !== 'setsid') && found;
    });
    const report = await each.supervisor.kill(root!, { tree: true, graceMs: 300 });
    expect(report.entries.map((e) => e.pid).sort()).toEqual([root!.pid, ...members.map((m) => m.pid)].sort());
    for (const entry of report.entries) expect(['terminated', 'killed']).toContain(entry.outcome);
    const escaped = report.entries.filter((e) => e.escapedSession);
    expect(escaped).toHaveLength(1);
    expect(escaped[0]!.name).toBe('sleep');
    for (const p of [root!, ...members]) expect(readProcess(p.pid)?.startTime === p.startTime && readProcess(p.pid)?.state !== 'zombie').toBe(false);
  });

  it('reports which members died by TERM and which needed KILL', async () => {
    const [root] = await each.supervisor.spawn({ command: 'sh', args: ['-c', '(trap "" TERM; exec sleep 30) & sleep 30 & wait'] });
    const members = await waitFor('two sleeping children', () => {
      const found = descendantsOf(readProcessTable(), root!.pid);
      return found.length === 2 && found.every((p) => p.name === 'sleep') && found;
    });
    // Which one ignores TERM: the kernel's ignored-signal mask (SigIgn bit 15 is SIGTERM).
    const ignoresTerm = (pid: number) =>
      (BigInt(`0x${/SigIgn:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]}`) & (1n << 14n)) !== 0n;
    const stubborn = members.find((m) => ignoresTerm(m.pid))!;
    const report = await each.supervisor.kill(root!, { tree: true, graceMs: 200 });
    const outcome = Object.fromEntries(report.entries.map((e) => [e.pid, e.outcome]));
    expect(outcome).toEqual({ [root!.pid]: 'terminated', [stubborn.pid]: 'killed', [members.find((m) => m !== stubborn)!.pid]: 'terminated' });
  });
});
