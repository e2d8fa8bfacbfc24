import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pythonExecutable, pythonOrSkip } from '../../test-support/python';
import { Sampler } from '../sampler/index';

const fixture = join(import.meta.dirname, '__fixtures__', 'late_reap_then_exit.py');
let sampler: Sampler | undefined;
afterEach(async () => {
  await sampler?.stop();
  sampler = undefined;
});

/**
 * A child its parent reaped is gone before its parent ends, in every table the sampler gives: the lessons read "ended
 * with its parent" from that order. The child's exit is read while it is a zombie (its parent reaps it 150 ms later)
 * and the parent's exit once it is reaped already, so the child's end comes from the zombie watch, the parent's at once.
 */
describe('the order of ends', () => {
  it('a zombie reaped by its parent just before the parent exits is never in a table without that parent', async () => {
    if (!pythonOrSkip()) return;
    // At 100 ms the socket is read 25 ms after it turns readable: sooner than the zombie watch's next look.
    sampler = new Sampler({ intervalMs: 100 });
    await sampler.nextTick();
    expect(sampler.lifecycle()?.mode).toBe('events');
    const wrong: string[] = [];
    for (let run = 0; run < 8; run++) {
      const parent = spawn(pythonExecutable(), [fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
      const [, late] = line.toString().trim().split(' ').map(Number);
      let parentSeen = false;
      const unsubscribe = sampler.onEvents(() => {
        const pids = new Set(sampler!.current()?.processes.map((p) => p.pid));
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
