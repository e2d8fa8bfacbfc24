import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { pythonOrSkip } from '../test-support/python';
import { waitFor } from '../test-support/wait-for';
import { call, inGroups, startForkscope, tagged, type Seen } from './__fixtures__/tagged-forkscope';

const linux = process.platform === 'linux';
if (!linux) console.log('experiment stop paths: listing leftovers by process group and tag needs /proc; skipped on', process.platform);

const experimentCommand = /queue_experiment\.py|queue-(broker|producer|consumer)\.js/;
/** Waits for the experiment's processes (root, 2 producers, 2 consumers at least) and returns them. */
async function experimentRunning(tag: string): Promise<Seen[]> {
  return waitFor(
    'the experiment to run its processes',
    () => {
      const seen = tagged(tag).filter((p) => experimentCommand.test(p.cmd));
      return seen.length >= 5 && seen;
    },
    20_000,
  );
}

/** After the stop: nothing of the experiment by command line, nothing in its groups, nothing tagged at all. */
async function expectNothingLeft(tag: string, seen: Seen[]): Promise<void> {
  const groups = new Set(seen.map((p) => p.pgid));
  const left = (): { byCommand: Seen[]; byGroup: Seen[]; tagged: Seen[] } => {
    const all = tagged(tag);
    return { byCommand: all.filter((p) => experimentCommand.test(p.cmd)), byGroup: inGroups(groups), tagged: all };
  };
  try {
    await waitFor(
      'every process of the experiment to be gone',
      () => {
        const now = left();
        return now.byCommand.length + now.byGroup.length + now.tagged.length === 0;
      },
      8000,
    );
  } catch {
    expect(left(), 'left behind').toEqual({ byCommand: [], byGroup: [], tagged: [] });
  }
}

const python = linux && pythonOrSkip();
const engines = [
  ['node', true],
  ['python', python],
] as const;

describe.skipIf(!linux)('stopping an experiment leaves none of its processes', () => {
  for (const [engine, available] of engines) {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
      it.skipIf(!available)(`forkscope queue --engine ${engine}, ${signal}`, async () => {
        const { tag, child } = startForkscope(['queue', '--engine', engine, '--duration', '60', '--rate', '20']);
        const seen = await experimentRunning(tag);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
        await expectNothingLeft(tag, seen);
      });
    }

    for (const stop of ['queue:stop', 'SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
      it.skipIf(!available)(`serve, ${engine} experiment, ${stop}`, async () => {
        const { tag, child, output } = startForkscope(['serve', '--port', '0']);
        const url = new URL(await waitFor('serve to print its URL', () => /http:\/\/\S+/.exec(output())?.[0], 20_000));
        const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        const startedExperiment = await call(ws, 1, 'queue:start', { engine, duration: 60, rate: 20 });
        expect(startedExperiment).toMatchObject({ ok: true });
        const seen = await experimentRunning(tag);
        if (stop === 'queue:stop') {
          const { experiment } = startedExperiment.value as { experiment: number };
          expect(await call(ws, 2, 'queue:stop', { experiment })).toEqual({ ok: true, value: { stopped: true } });
          // The server runs on: only the experiment's processes went.
          // A process mid-exit has an empty command line but is still in its group: wait for both, not one then the other.
          const groups = new Set(seen.map((p) => p.pgid));
          await waitFor(
            'the experiment and its groups to be gone',
            () => tagged(tag).filter((p) => experimentCommand.test(p.cmd)).length === 0 && inGroups(groups).length === 0,
            8000,
          );
          expect(child.exitCode).toBeNull();
          ws.close();
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        } else {
          ws.close();
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill(stop);
          await exited;
        }
        await expectNothingLeft(tag, seen);
      });
    }
  }
});
