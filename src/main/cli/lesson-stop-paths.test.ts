import { describe, expect, it } from 'vitest';
import { pythonOrSkip } from '../test-support/python';
import { waitFor } from '../test-support/wait-for';
import { call, inGroups, serveAndConnect, stopWith, tagged } from './__fixtures__/tagged-forkscope';

const linux = process.platform === 'linux';
if (!linux) console.log('lesson stop paths: listing leftovers by process group and tag needs /proc; skipped on', process.platform);
const python = linux && pythonOrSkip();
const lessonCommand = /resources\/lessons\/python\//;

describe.skipIf(!linux || !python)('stopping a lesson run from serve leaves none of its processes', () => {
  for (const stop of ['lesson:stop', 'SIGTERM', 'SIGKILL'] as const) {
    it(`producer-consumer (python), ${stop}`, async () => {
      const { tag, child, ws } = await serveAndConnect();
      const started = await call(ws, 1, 'lesson:run', { name: 'producer-consumer', engine: 'python' });
      expect(started).toMatchObject({ ok: true });
      // The lesson's program and at least one of its workers.
      const seen = await waitFor(
        'the lesson to run its processes',
        () => {
          const found = tagged(tag).filter((p) => lessonCommand.test(p.cmd));
          return found.length >= 2 && found;
        },
        20_000,
      );
      if (stop === 'lesson:stop') {
        expect(await call(ws, 2, 'lesson:stop', { run: (started.value as { run: number }).run })).toEqual({ ok: true, value: { stopped: true } });
        await waitFor('the lesson’s processes to be gone', () => !tagged(tag).some((p) => lessonCommand.test(p.cmd)), 10_000);
        expect(child.exitCode).toBeNull();
      }
      ws.close();
      await stopWith(child, stop === 'lesson:stop' ? 'SIGTERM' : stop);
      const groups = new Set(seen.map((p) => p.pgid));
      await waitFor('nothing tagged and nothing in the lesson’s groups', () => tagged(tag).length === 0 && inGroups(groups).length === 0, 8000).catch(
        () => {
          expect({ tagged: tagged(tag), byGroup: inGroups(groups) }).toEqual({ tagged: [], byGroup: [] });
        },
      );
    });
  }
});
