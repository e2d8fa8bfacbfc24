import psTree from 'ps-tree';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { descendantsOf } from '../analysis/tree';
import { readProcess, readProcessTable } from '../sampler';
import { Supervisor } from './supervisor';

let supervisor: Supervisor;
beforeEach(() => {
  supervisor = new Supervisor();
});
afterEach(async () => {
  await supervisor.dispose(200);
});

describe('Supervisor', () => {
  it('reports an attached child exit code and signal, and reaps it', async () => {
    const events: string[] = [];
    supervisor.onEvent((e) => events.push(`${e.type}:${e.pid}`));
    const [byCode] = await supervisor.spawn({ workload: 'crash', args: ['3', '10'] });
    const [bySignal] = await supervisor.spawn({ workload: 'crash', args: ['SIGABRT', '10'] });
    expect(await supervisor.join(byCode!)).toMatchObject({ timedOut: false, code: 3, signal: null });
    expect(await supervisor.join(bySignal!)).toMatchObject({ timedOut: false, code: null, signal: 'SIGABRT' });
    expect(events).toEqual(expect.arrayContaining([`spawned:${byCode!.pid}`, `exited:${byCode!.pid}`, `reaped:${byCode!.pid}`, `joined:${byCode!.pid}`]));
    expect(readProcess(byCode!.pid)?.startTime === byCode!.startTime).toBe(false);
    expect(supervisor.log(byCode!.pid)).toContain('crash: exiting with 3');
  });

  it('joins with a timeout while the child runs, then without one', async () => {
    const [child] = await supervisor.spawn({ workload: 'sleep', args: ['0.5'] });
    expect(await supervisor.join(child!, 50)).toMatchObject({ timedOut: true });
    const done = await supervisor.join(child!);
    expect(done).toMatchObject({ timedOut: false, code: 0 });
    if (!done.timedOut) expect(done.runMs).toBeGreaterThan(0);
  });

  it('refuses to join a process that is not its child', async () => {
    const self = readProcess(process.pid)!;
    await expect(supervisor.join(self)).rejects.toThrow(/not a child of Forkscope/);
  });

  it('spawns count children at once and starts no Electron-as-Node in custom commands', async () => {
    const children = await supervisor.spawn({ workload: 'sleep', args: ['5'], count: 3 });
    expect(new Set(children.map((c) => c.pid)).size).toBe(3);
    const [custom] = await supervisor.spawn({ command: 'sh', args: ['-c', 'echo "runas=${ELECTRON_RUN_AS_NODE:-unset}"'], env: { ELECTRON_RUN_AS_NODE: '1' } });
    await supervisor.join(custom!);
    expect(supervisor.log(custom!.pid)).toContain('runas=unset');
  });

  it('says clearly when a command does not exist', async () => {
    await expect(supervisor.spawn({ command: 'no-such-command-forkscope' })).rejects.toThrow(/no-such-command-forkscope was not found/);
  });

  it("finds the same descendants as ps-tree for a 3-level tree", async () => {
    const [root] = await supervisor.spawn({ workload: 'fork-tree', args: ['2', '2', '30'] });
    const ours = await waitFor('6 descendants', () => {
      const found = descendantsOf(readProcessTable(), root!.pid);
      return found.length === 6 && found;
    });
    const theirs = await new Promise<readonly psTree.PS[]>((resolve, reject) => psTree(root!.pid, (error, children) => (error ? reject(error) : resolve(children))));
    expect(ours.map((p) => p.pid).sort()).toEqual(theirs.map((p) => Number(p.PID)).sort());
  });

  it('stops and continues a process', async () => {
    const [child] = await supervisor.spawn({ workload: 'sleep', args: ['10'] });
    await supervisor.signal(child!, 'SIGSTOP');
    await waitFor('state stopped', () => readProcess(child!.pid)?.state === 'stopped');
    await supervisor.signal(child!, 'SIGCONT');
    await waitFor('state sleeping', () => readProcess(child!.pid)?.state === 'sleeping');
  });

  it('refuses dangerous and stale targets with a message', async () => {
    const [child] = await supervisor.spawn({ workload: 'sleep', args: ['10'] });
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
      await expect(supervisor.signal({ pid, startTime: 0 }, 'SIGTERM'), String(pid)).rejects.toThrow(message);
      await expect(supervisor.kill({ pid, startTime: 0 }), String(pid)).rejects.toThrow(message);
    }
    await expect(supervisor.signal({ pid: child!.pid, startTime: child!.startTime + 1 }, 'SIGKILL')).rejects.toMatchObject({ kind: 'pid-reused' });
    expect(readProcess(child!.pid)?.startTime).toBe(child!.startTime);
  });

  it('names the parent when asked to signal a zombie', async () => {
    const [maker] = await supervisor.spawn({ workload: 'zombie-maker', args: ['1', '10'] });
    const zombie = await waitFor('a zombie child', () => readProcessTable().find((p) => p.ppid === maker!.pid && p.state === 'zombie'));
    await expect(supervisor.signal(zombie, 'SIGKILL')).rejects.toThrow(new RegExp(`waiting for its parent ${maker!.pid}`));
  });

  it('kills a 3-level tree, including a grandchild that left the session, and reports each', async () => {
    const script = 'sh -c "setsid sleep 30 & sleep 30 & wait" & wait';
    const [root] = await supervisor.spawn({ command: 'sh', args: ['-c', script] });
    const members = await waitFor('4 processes in the tree', () => {
      const found = descendantsOf(readProcessTable(), root!.pid);
      return found.length === 3 && found.every((p) => p.name !== 'setsid') && found;
    });
    const report = await supervisor.kill(root!, { tree: true, graceMs: 300 });
    expect(report.entries.map((e) => e.pid).sort()).toEqual([root!.pid, ...members.map((m) => m.pid)].sort());
    for (const entry of report.entries) expect(['terminated', 'killed']).toContain(entry.outcome);
    const escaped = report.entries.filter((e) => e.escapedSession);
    expect(escaped).toHaveLength(1);
    expect(escaped[0]!.name).toBe('sleep');
    for (const p of [root!, ...members]) expect(readProcess(p.pid)?.startTime === p.startTime && readProcess(p.pid)?.state !== 'zombie').toBe(false);
  });
});
