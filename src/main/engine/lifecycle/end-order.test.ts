import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonOrSkip, startFixtureForPids } from '../../test-support/python';
import { samplerPerTest } from '../../test-support/sampler-per-test';

const fixture = join(import.meta.dirname, '__fixtures__', 'late_reap_then_exit.py');
const samplers = samplerPerTest();

/**
 * A child its parent reaped is gone before its parent ends, in every table the sampler gives: the lessons read "ended
 * with its parent" from that order. The child's exit is read while it is a zombie (its parent reaps it 150 ms later)
 * and the parent's exit once it is reaped already, so the child's end comes from the zombie watch, the parent's at once.
 */
describe('the order of ends', () => {
  it('a zombie reaped by its parent just before the parent exits is never in a table without that parent', async () => {
    if (!pythonOrSkip()) return;
    // At 100 ms the socket is read 25 ms after it turns readable: sooner than the zombie watch's next look.
    const sampler = await samplers.withEvents(100);
    const wrong: string[] = [];
    for (let run = 0; run < 8; run++) {
      const {
        child: parent,
        pids: [, late],
      } = await startFixtureForPids(fixture);
      let parentSeen = false;
      const unsubscribe = sampler.onEvents(() => {
        const pids = new Set(sampler.current()?.processes.map((p) => p.pid));
        if (pids.has(parent.pid!)) parentSeen = true;
        else if (parentSeen && pids.has(late!)) wrong.push(`run ${run}: ${late} was in a table after its parent ${parent.pid} was gone`);
      });
      await once(parent, 'exit');
      // Both ends are read within a second.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      unsubscribe();
      expect(parentSeen).toBe(true);
    }
    expect(wrong).toEqual([]);
  });
});
