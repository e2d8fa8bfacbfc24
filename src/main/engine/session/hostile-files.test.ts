import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Failure, Result } from '../../../shared/result';
import { appRoot } from '../../paths';
import { dispatchCommand } from '../dispatch';
import { Engine } from '../engine';
import { fifos, hostilePaths, writeGzipBomb } from '../recorder/__fixtures__/hostile-files';

// Files that are not recordings, through the contract: each refused at once with the reason, the engine answering throughout.
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'forkscope-hostile-'));
const paths = hostilePaths(dir);
const bomb = join(dir, 'bomb.fsrec.gz');
beforeAll(async () => {
  engine = new Engine({ shell: 'host', intervalMs: 200 });
  await writeGzipBomb(bomb);
}, 60_000);
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (command: string, request: unknown): Promise<Result<unknown>> => dispatchCommand(engine, command, request);
const refusal = async (command: string, request: unknown): Promise<Failure> => {
  const result = await call(command, request);
  if (result.ok) throw new Error(`${command} ${JSON.stringify(request)} was accepted`);
  return result.error;
};

describe('replay:open on files that are not recordings', () => {
  it('refuses a FIFO, a folder, a symlink loop and /dev/zero at once, naming the file and what it is', async () => {
    expect(await refusal('replay:open', { path: paths.fifo })).toEqual({
      kind: 'invalid-request',
      message: `cannot open the recording ${paths.fifo}: it is a named pipe (FIFO), not a file`,
    });
    expect(await refusal('replay:open', { path: paths.folder })).toEqual({
      kind: 'invalid-request',
      message: `cannot open the recording ${paths.folder}: it is a folder`,
    });
    expect(await refusal('replay:open', { path: paths.loop })).toEqual({
      kind: 'invalid-request',
      message: `cannot open the recording ${paths.loop}: it is a symbolic link that loops (or a chain of too many links)`,
    });
    expect(await refusal('replay:open', { path: paths.zero })).toEqual({
      kind: 'invalid-request',
      message: 'cannot open the recording /dev/zero: it is a device, not a file',
    });
    expect(await call('session:status', {})).toMatchObject({ ok: true, value: { replay: null } });
  });

  it('refuses a gzip bomb (a header and 500 MB of newlines) after its first empty line', async () => {
    expect(statSync(bomb).size).toBeLessThan(1024 * 1024);
    expect(await refusal('replay:open', { path: bomb })).toEqual({
      kind: 'invalid-request',
      message:
        'not a Forkscope recording: line 2 is not a valid record: it is empty (a recording has no empty lines), and nothing after its header is readable',
    });
  });

  it('five replay:open on FIFOs at once leave the thread pool free: every file operation after them still finishes', async () => {
    const pipes = fifos(dir, 5);
    const results = await Promise.all(pipes.map((path) => call('replay:open', { path })));
    for (const [i, result] of results.entries())
      expect(result).toMatchObject({ ok: false, error: { message: `cannot open the recording ${pipes[i]}: it is a named pipe (FIFO), not a file` } });
    // Four blocked opens would fill libuv's pool of four threads; these reads need a thread each.
    const reads = await Promise.all(Array.from({ length: 8 }, () => readFile(join(appRoot(), 'package.json'), 'utf8')));
    expect(reads.every((text) => text.includes('"forkscope"'))).toBe(true);
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { name: 'forkscope' } });
  });
});

describe('recorder:start on a path that is not a regular file', () => {
  it('refuses a FIFO, a device, a folder and a symlink loop without waiting on them, and records nothing', async () => {
    expect(await refusal('recorder:start', { path: paths.fifo })).toEqual({
      kind: 'invalid-request',
      message: `cannot create the recording ${paths.fifo}: it is a named pipe (FIFO) or socket, not a file; choose another file`,
    });
    expect(await refusal('recorder:start', { path: '/dev/null' })).toEqual({
      kind: 'invalid-request',
      message: 'cannot create the recording /dev/null: it is a device, not a file; choose another file',
    });
    expect((await refusal('recorder:start', { path: paths.folder })).message).toBe(
      `cannot create the recording ${paths.folder}: it is a folder; choose another file`,
    );
    expect((await refusal('recorder:start', { path: paths.loop })).message).toMatch(/it is a symbolic link that loops/);
    expect(await call('session:status', {})).toMatchObject({ ok: true, value: { recording: null } });
  });
});
