import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supervisorPerTest } from './__fixtures__/per-test';
import type { SpawnRequest } from './spawn';

const each = supervisorPerTest();

describe('spawn input the kernel cannot take', () => {
  const cases: Array<[string, SpawnRequest]> = [
    ['command', { command: 'ec\0ho' }],
    ['args.1', { command: 'echo', args: ['a', 'b\0c'] }],
    ['cwd', { command: 'echo', cwd: '/tmp\0/x' }],
    ['env.A', { command: 'echo', env: { A: 'x\0y' } }],
    ['env name', { command: 'echo', env: { 'A\0B': 'x' } }],
  ];
  for (const [field, request] of cases) {
    it(`a NUL byte in ${field} is an invalid request naming it, and nothing starts`, async () => {
      await expect(each.supervisor.spawn(request)).rejects.toMatchObject({
        kind: 'invalid-request',
        message: expect.stringContaining(`${field}`),
      });
      expect(each.supervisor.children()).toEqual([]);
    });
  }

  it('a working folder that is a file is an invalid request naming cwd', async () => {
    const file = fileURLToPath(import.meta.url);
    await expect(each.supervisor.spawn({ command: 'ls', cwd: file })).rejects.toMatchObject({
      kind: 'invalid-request',
      message: `cwd ${file} is not a folder; give a folder as the working folder`,
    });
    await expect(each.supervisor.spawn({ command: 'ls', cwd: '/nonexistent-forkscope-folder' })).rejects.toMatchObject({
      kind: 'invalid-request',
      message: expect.stringMatching(/^cwd \/nonexistent-forkscope-folder does not exist/),
    });
    expect(each.supervisor.children()).toEqual([]);
  });
});
