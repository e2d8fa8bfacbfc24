import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { readProcess, readProcessTable } from '../sampler';
import { isAlive } from './__fixtures__/alive';
import { supervisorPerTest } from './__fixtures__/per-test';
import { markInternal, unmarkInternal } from './target';

const each = supervisorPerTest();

describe('kill plan', () => {
  it('lists the same processes kill tree then ends, including one that left the parent chain, indented by parent', async () => {
    const [root] = await each.supervisor.spawn({
      command: 'sh',
      args: ['-c', '(exec sleep 31 &); sh -c "sleep 32 & exec sleep 33" & exec sleep 30'],
      newSession: true,
    });
    const escaped = await waitFor('the double-forked sleep', () =>
      readProcessTable().find((p) => p.sid === root!.pid && p.ppid !== root!.pid && p.cmd.includes('sleep 31')),
    );
    each.started.push(escaped);
    await waitFor('the nested sleeps', () => readProcessTable().some((p) => p.cmd === 'sleep 32'));
    const plan = each.supervisor.killPlan(root!);
    expect(plan.refused).toBeNull();
    expect(plan.members[0]).toMatchObject({ pid: root!.pid, depth: 0, status: 'kill' });
    const planned = plan.members.find((m) => m.pid === escaped.pid);
    expect(planned).toMatchObject({ status: 'kill', depth: 1 });
    expect(planned!.reason).toMatch(/left the parent chain/);
    // sleep 32 is the child of the inner shell (now sleep 33), so it sits one level deeper.
    const inner = plan.members.find((m) => m.cmd === 'sleep 33')!;
    expect(plan.members.find((m) => m.cmd === 'sleep 32')).toMatchObject({ ppid: inner.pid, depth: inner.depth + 1 });

    const report = await each.supervisor.kill(root!, { tree: true, graceMs: 300 });
    const ended = report.entries.filter((e) => e.outcome === 'terminated' || e.outcome === 'killed').map((e) => e.pid);
    expect(new Set(ended)).toEqual(new Set(plan.members.filter((m) => m.status === 'kill').map((m) => m.pid)));
  });

  it('marks what Forkscope refuses in the tree, and kill tree leaves exactly that alive', async () => {
    const [root] = await each.supervisor.spawn({ command: 'sh', args: ['-c', 'sleep 34 & exec sleep 30'] });
    const helper = await waitFor('the background sleep', () => readProcessTable().find((p) => p.ppid === root!.pid && p.cmd === 'sleep 34'));
    each.started.push(helper);
    markInternal(helper.pid);
    try {
      const plan = each.supervisor.killPlan(root!);
      expect(plan.members.find((m) => m.pid === helper.pid)).toMatchObject({
        status: 'refused',
        reason: "not signalled: it is one of Forkscope's own helper processes (the daemon watchdog)",
      });
      const report = await each.supervisor.kill(root!, { tree: true, graceMs: 300 });
      expect(report.entries.find((e) => e.pid === helper.pid)?.outcome).toBe('refused');
      expect(isAlive(helper)).toBe(true);
    } finally {
      unmarkInternal(helper.pid);
    }
  });

  it('refuses the whole plan for init and for Forkscope itself, listing only that process', () => {
    const init = readProcess(1)!;
    const plan = each.supervisor.killPlan(init);
    expect(plan.refused).toMatch(/pid 1 is init/);
    expect(plan.members).toEqual([expect.objectContaining({ pid: 1, status: 'refused' })]);
    const self = readProcess(process.pid)!;
    const own = each.supervisor.killPlan(self);
    expect(own.refused).toMatch(/Forkscope itself/);
    expect(own.members.map((m) => m.pid)).toEqual([process.pid]);
  });
});
