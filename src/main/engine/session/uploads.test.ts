import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { call, valueOf } from '../../test-support/call';
import { Engine } from '../engine';
import { writeSynthetic } from '../recorder/__fixtures__/write-recording';
import { readProcess } from '../sampler';
import { UPLOAD_DIR_PREFIX, Uploads } from './uploads';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-uploads-test-'));
const recordingFile = join(dir, 'session.fsrec.gz');
let recording: Buffer;
beforeAll(async () => {
  await writeSynthetic(recordingFile, 20);
  recording = readFileSync(recordingFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const piece = (data: Buffer | string, extra: { uploadId?: string; offset?: number; done?: boolean } = {}) => ({
  name: 'session.fsrec.gz',
  offset: 0,
  done: false,
  ...extra,
  data: Buffer.from(data).toString('base64'),
});

describe('uploads through the engine', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine({ shell: 'host', intervalMs: 500 });
  });
  afterAll(() => engine.close());

  it('removes an uploaded recording once it is opened, and one that is not a recording once it was tried', async () => {
    const path = valueOf(await call(engine, 'replay:upload', piece(recording, { done: true }))).path!;
    expect(existsSync(path)).toBe(true);
    expect(await call(engine, 'replay:open', { path })).toMatchObject({ ok: true, value: { path, complete: true } });
    expect(existsSync(dirname(path))).toBe(false);
    await call(engine, 'replay:close', {});

    const junkPath = valueOf(await call(engine, 'replay:upload', piece('not a recording\n', { done: true }))).path!;
    expect(await call(engine, 'replay:open', { path: junkPath })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(existsSync(dirname(junkPath))).toBe(false);
  });

  it('replay:upload-cancel drops an upload in progress and its folder', async () => {
    const { uploadId } = valueOf(await call(engine, 'replay:upload', piece(recording.subarray(0, 100))));
    const folders = engine.session.uploads.folders;
    expect(folders).toHaveLength(1);
    expect(await call(engine, 'replay:upload-cancel', { uploadId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(existsSync(folders[0]!)).toBe(false);
    expect(await call(engine, 'replay:upload', piece(recording.subarray(100, 200), { uploadId, offset: 100 }))).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid-request',
        message: `no upload ${uploadId} is in progress (it may have been abandoned); start again from the first piece`,
      },
    });
  });
});

describe('Uploads: limits and abandonment', () => {
  it('abandons an upload with no piece, and one sent but not opened, after the idle time', async () => {
    const uploads = new Uploads({ maxBytes: 1024 * 1024, maxConcurrent: 4, maxTotalBytes: 4 * 1024 * 1024, idleMs: 300 });
    try {
      uploads.piece(piece(recording.subarray(0, 50)));
      const done = uploads.piece(piece(recording, { done: true }));
      const folders = uploads.folders;
      expect(folders.every((f) => existsSync(f))).toBe(true);
      await waitFor('both uploads abandoned', () => uploads.folders.length === 0, 5000);
      expect(folders.some((f) => existsSync(f))).toBe(false);
      expect(uploads.claim(done.path!)).toBeNull();
    } finally {
      uploads.close();
    }
  });

  it('refuses more concurrent uploads, more total bytes and a larger recording than its limits, naming each', () => {
    const uploads = new Uploads({ maxBytes: 300, maxConcurrent: 2, maxTotalBytes: 500, idleMs: 60_000 });
    try {
      const a = uploads.piece(piece(Buffer.alloc(200)));
      uploads.piece(piece(Buffer.alloc(250)));
      expect(() => uploads.piece(piece(Buffer.alloc(10)))).toThrow(
        '2 recordings are already being sent or waiting to be opened, the most at once (MAX_CONCURRENT_UPLOADS = 2); open or cancel one first',
      );
      expect(() => uploads.piece(piece(Buffer.alloc(90), { uploadId: a.uploadId, offset: 200 }))).toThrow(
        'the recordings being sent would hold more than 500 bytes together (MAX_UPLOADS_TOTAL_BYTES); open or cancel one first',
      );
      // The refused one was dropped, which frees a place; a recording over the size limit is refused and dropped too.
      expect(uploads.folders).toHaveLength(1);
      const b = uploads.piece(piece(Buffer.alloc(200)));
      expect(() => uploads.piece(piece(Buffer.alloc(60), { uploadId: b.uploadId, offset: 200 }))).toThrow(
        /more than 500 bytes together \(MAX_UPLOADS_TOTAL_BYTES\)/,
      );
      const c = uploads.piece(piece(Buffer.alloc(100)));
      expect(() => uploads.piece(piece(Buffer.alloc(201), { uploadId: c.uploadId, offset: 100 }))).toThrow(
        'a recording larger than 300 bytes (MAX_UPLOAD_BYTES) cannot be sent from the window; open it with forkscope serve --replay FILE',
      );
      expect(uploads.folders).toHaveLength(1);
    } finally {
      uploads.close();
    }
    expect(uploads.folders).toHaveLength(0);
  });
});

describe('left-over upload folders at start-up', () => {
  it("removes folders of a Forkscope that is gone, and keeps a running one's and another user's", async () => {
    const mark = (name: string, owner: { pid: number; startTime: number }) => {
      const folder = join(tmpdir(), `${UPLOAD_DIR_PREFIX}${name}`);
      rmSync(folder, { recursive: true, force: true });
      spawnSync('mkdir', [folder]);
      writeFileSync(join(folder, '.forkscope-owner'), JSON.stringify(owner));
      writeFileSync(join(folder, 'old.fsrec.gz'), 'x');
      return folder;
    };
    const gone = spawnSync('true');
    const dead = mark('testgone', { pid: gone.pid!, startTime: 1 });
    const running = mark('testlive', { pid: process.pid, startTime: readProcess(process.pid)!.startTime });
    const stranger = mark('teststranger', { pid: gone.pid!, startTime: 1 });
    chownSync(stranger, 65534, 65534);
    const engine = new Engine({ shell: 'host', intervalMs: 500 });
    try {
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(running)).toBe(true);
      expect(existsSync(stranger)).toBe(true);
    } finally {
      await engine.close();
      for (const folder of [dead, running, stranger]) rmSync(folder, { recursive: true, force: true });
    }
  });
});
