import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../paths';
import { call, serveAndConnect, stopWith } from './__fixtures__/tagged-forkscope';

const bin = join(appRoot(), 'bin', 'forkscope.js');

describe('serve limit flags', () => {
  it('--max-experiments and --max-processes bound what clients start, refused naming the limit, key and flag', async () => {
    const { child, ws } = await serveAndConnect(['--max-experiments', '1', '--max-processes', '50']);
    try {
      expect(await call(ws, 1, 'queue:start', { duration: 30, rate: 10, producers: 1, consumers: 1 })).toMatchObject({ ok: true });
      expect(await call(ws, 2, 'queue:start', { duration: 30, rate: 10 })).toMatchObject({
        ok: false,
        error: {
          kind: 'refused',
          message: expect.stringMatching(/over the limit of 1; .*settings key limits\.maxExperiments, or serve --max-experiments N/),
        },
      });
      expect(await call(ws, 3, 'supervisor:spawn', { workload: 'fork-tree', args: ['5', '2', '30'], count: 10 })).toMatchObject({
        ok: false,
        error: { kind: 'refused', message: expect.stringMatching(/over the limit of 50; .*limits\.maxProcesses, or serve --max-processes N/) },
      });
    } finally {
      ws.close();
      await stopWith(child, 'SIGTERM');
    }
  });

  it('a limit flag that is not a whole number in range is a usage error', () => {
    for (const args of [
      ['--max-processes', '0'],
      ['--max-experiments', 'many'],
      ['--max-workload-memory-mb', '-5'],
    ]) {
      const result = spawnSync(process.execPath, [bin, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(args[0]);
    }
  });
});
