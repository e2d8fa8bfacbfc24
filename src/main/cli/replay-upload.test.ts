import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCallSocket, startServe } from '../test-support/serve-process';
import { waitFor } from '../test-support/wait-for';

/** Upload folders a process made, by the owner mark inside each. */
function uploadFoldersOf(pid: number): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith('forkscope-upload-'))
    .map((name) => join(tmpdir(), name))
    .filter((dir) => {
      try {
        return (JSON.parse(readFileSync(join(dir, '.forkscope-owner'), 'utf8')) as { pid: number }).pid === pid;
      } catch {
        return false;
      }
    });
}

describe('forkscope serve: uploads of a client that goes away', () => {
  it('removes what a disconnected client sent and did not open, finished or not', async () => {
    const serve = await startServe([]);
    try {
      const { ws, results } = await openCallSocket<{ ok: boolean; value?: { path: string | null } }>(serve.url);
      const data = Buffer.from('{"kind":"header"}\n').toString('base64');
      ws.send(JSON.stringify({ type: 'call', id: 1, command: 'replay:upload', request: { name: 'done.fsrec', offset: 0, data, done: true } }));
      ws.send(JSON.stringify({ type: 'call', id: 2, command: 'replay:upload', request: { name: 'half.fsrec', offset: 0, data, done: false } }));
      await waitFor('both uploads answered', () => results.size === 2, 10_000);
      const donePath = results.get(1)!.value!.path!;
      expect(existsSync(donePath)).toBe(true);
      const folders = uploadFoldersOf(serve.child.pid!);
      expect(folders.sort()).toEqual(expect.arrayContaining([dirname(donePath)]));
      expect(folders).toHaveLength(2);

      ws.close();
      await waitFor('the upload folders removed', () => folders.every((f) => !existsSync(f)), 10_000);
      expect(uploadFoldersOf(serve.child.pid!)).toEqual([]);
    } finally {
      await serve.stop();
    }
  });
});
