import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECORDING_LINE_BYTES, MAX_RECORDING_TEXT_BYTES, openRecording } from './reader';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-reader-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const header = `${JSON.stringify({ kind: 'header', format: 'forkscope-recording', version: 1, forkscopeVersion: '0.1.0', platform: 'linux', host: 'h', startedAt: 1, intervalMs: 1000 })}\n`;
const keyframe = `${JSON.stringify({ kind: 'keyframe', dt: 0, snapshot: { takenAt: 1, platform: 'linux', processes: [], zombies: [], orphans: [] }, system: null })}\n`;

/** Streams `text` then `repeat` copies of `piece` through gzip into a file. */
async function gzipFile(name: string, text: string, piece: Buffer, repeat: number): Promise<string> {
  const path = join(dir, name);
  const gzip = createGzip();
  const out = createWriteStream(path);
  gzip.pipe(out);
  gzip.write(text);
  for (let i = 0; i < repeat; i++) if (!gzip.write(piece)) await once(gzip, 'drain');
  gzip.end();
  await once(out, 'close');
  return path;
}

describe('the limits a reader keeps', () => {
  it(`refuses a file whose text grows past ${MAX_RECORDING_TEXT_BYTES / 1024 / 1024} MiB, naming the limit`, async () => {
    // Records of a kind this version does not know are skipped, so only the size limit can stop this one.
    const line = Buffer.from(`${JSON.stringify({ kind: 'later-kind', dt: 0, pad: 'x'.repeat(64 * 1024) })}\n`);
    const path = await gzipFile('huge.fsrec.gz', header + keyframe, line, Math.ceil(MAX_RECORDING_TEXT_BYTES / line.length) + 16);
    const result = await openRecording(path);
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'too-large',
        message:
          'the recording decompresses to more than 256 MiB, the most Forkscope reads (MAX_RECORDING_TEXT_BYTES); it is not one Forkscope wrote',
      },
    });
  }, 120_000);

  it('stops at a line longer than the line limit: as damage after records, as not a recording in the first line', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const repeat = MAX_RECORDING_LINE_BYTES / chunk.length + 2;
    const long = await openRecording(await gzipFile('long-line.fsrec.gz', header + keyframe, chunk, repeat));
    if (!long.ok) throw new Error(long.error.message);
    expect(long.value.records).toHaveLength(1);
    expect(long.value.notice).toBe(
      'line 3 is not a valid record: it is longer than 32 MiB, the most one line may hold (MAX_RECORDING_LINE_BYTES); showing the readable part: 1 record up to 00:00',
    );
    const first = await openRecording(await gzipFile('long-first.fsrec.gz', '', chunk, repeat));
    expect(first).toMatchObject({
      ok: false,
      error: { message: 'not a Forkscope recording: its first line is longer than 32 MiB, the most one line may hold (MAX_RECORDING_LINE_BYTES)' },
    });
  }, 60_000);

  it('an empty line is damage: what came before it is kept', async () => {
    const path = join(dir, 'blank.fsrec');
    writeFileSync(path, `${header}${keyframe}\n${keyframe}`);
    const result = await openRecording(path);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.records).toHaveLength(1);
    expect(result.value.notice).toMatch(
      /^line 3 is not a valid record: it is empty \(a recording has no empty lines\); showing the readable part: 1 record/,
    );
  });
});
