import { describe, expect, it } from 'vitest';
import { descendantsOf } from '../../../shared/analysis/tree';
import { waitFor } from '../../test-support/wait-for';
import { readProcessTable } from '../sampler';
import { isAlive } from './__fixtures__/alive';
import { supervisorPerTest } from './__fixtures__/per-test';

const each = supervisorPerTest();

describe('kill tree', () => {
  it('finds and names a double-forked descendant that left the parent chain, and ends it', async () => {
    // `(sleep 30 &)`: the subshell forks sleep and exits at once, so sleep is re-parented away from the root.
    const [root] = await each.supervisor.spawn({ command: 'sh', args: ['-c', '(exec sleep 31 &); exec sleep 30'], newSession: true });
    const escaped = await waitFor('the double-forked sleep, re-parented away', () =>
      readProcessTable().find(
        (p) => p.sid === root!.pid && p.pid !== root!.pid && p.ppid !== root!.pid && p.name === 'sleep' && p.cmd.includes('sleep 31'),
      ),
    );
    each.started.push(escaped);
    // Not a descendant by parent any more: only its session ties it to the tree.
    expect(descendantsOf(readProcessTable(), root!.pid).map((p) => p.pid)).not.toContain(escaped.pid);
    const report = await each.supervisor.kill(root!, { tree: true, graceMs: 300 });
    const entry = report.entries.find((e) => e.pid === escaped.pid);
    expect(entry).toMatchObject({ name: 'sleep', outcome: 'terminated' });
    expect(entry!.detail).toMatch(
      new RegExp(`left the parent chain \\(its parent is now ${escaped.ppid}\\); found as (born in the tree|in the session ${root!.pid} leads)`),
    );
    expect(isAlive(escaped)).toBe(false);
  });
});
