import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../shared/recording';
import type { Result } from '../../../shared/result';
import { appRoot } from '../../paths';
import { writeSynthetic } from './__fixtures__/write-recording';
import { openRecording, parseRecording } from './reader';
import { stateAt } from './timeline';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-reader-'));
let bytes: Buffer;
let full: Recording;
beforeAll(async () => {
  const path = join(dir, 'small.fsrec');
  await writeSynthetic(path, 45);
  bytes = readFileSync(path);
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.error.message);
  full = opened.value;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cheaper than a deep equal over thousands of cuts: the same JSON, record by record. */
function isPrefixOfFull(records: Recording['records']): boolean {
  fullJson ??= full.records.map((r) => JSON.stringify(r));
  return records.length <= fullJson.length && records.every((r, i) => JSON.stringify(r) === fullJson![i]);
}
let fullJson: string[] | undefined;

const CLEAR_ERROR = /^(not a Forkscope recording: .+|the recording was cut short inside its header line; nothing in it is readable)$/;

/** Either a readable prefix of the real records (with a notice unless all of it is there) or a clear error. */
function expectPrefixOrClearError(result: Result<Recording>, label: string): void {
  if (!result.ok) {
    expect(result.error.message, label).toMatch(CLEAR_ERROR);
    return;
  }
  const { records, notice, complete } = result.value;
  expect(isPrefixOfFull(records), label).toBe(true);
  if (!complete) expect(notice, label).toMatch(/cut short|corrupt compressed data|not a valid record|checksum/);
  // A seek into whatever was read works.
  expect(() => stateAt(result.value, result.value.durationMs / 2), label).not.toThrow();
}

describe('openRecording on damaged files', () => {
  it('is a small recording (the robustness runs below are exhaustive over it)', () => {
    expect(bytes.length).toBeLessThanOrEqual(16 * 1024);
    expect(full.complete).toBe(true);
    expect(full.records.length).toBeGreaterThan(100);
  });

  it('reads every cut in the first and last 2 KB and at 1,000 random offsets as a prefix with a notice, or says why not', async () => {
    const rand = random(1);
    const cuts = new Set<number>();
    for (let n = 0; n < Math.min(2048, bytes.length); n++) cuts.add(n);
    for (let n = Math.max(0, bytes.length - 2048); n < bytes.length; n++) cuts.add(n);
    for (let i = 0; i < 1000; i++) cuts.add(Math.floor(rand() * bytes.length));
    let readable = 0;
    for (const cut of cuts) {
      let result: Result<Recording> | undefined;
      await expect((async () => (result = await parseRecording(bytes.subarray(0, cut))))(), `cut at ${cut}`).resolves.toBeDefined();
      expectPrefixOrClearError(result!, `cut at ${cut}`);
      if (!result!.ok) continue;
      readable++;
      if (result!.value.complete) {
        // Cut inside the gzip footer: every record and the trailer are there.
        expect(result!.value.records.length, `cut at ${cut}`).toBe(full.records.length);
        expect(result!.value.notice, `cut at ${cut}`).toBe('the file ends a few bytes early, after its last record; nothing is missing');
      } else {
        expect(result!.value.notice, `cut at ${cut}`).toMatch(
          /^the recording was cut short after \d+ records? \(the writer did not close it\); showing what was written up to \d\d:\d\d$/,
        );
      }
    }
    expect(readable).toBeGreaterThan(cuts.size / 2);
  });

  it('reads a file with flipped bytes as a prefix or a clear error, never a throw', async () => {
    const rand = random(2);
    let damaged = 0;
    for (let i = 0; i < 600; i++) {
      const copy = Buffer.from(bytes);
      const flips = 1 + Math.floor(rand() * 3);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(rand() * copy.length);
        copy[at] = copy[at]! ^ (1 + Math.floor(rand() * 255));
      }
      let result: Result<Recording> | undefined;
      await expect((async () => (result = await parseRecording(copy)))(), `flip run ${i}`).resolves.toBeDefined();
      if (!result!.ok) {
        expect(result!.error.message, `flip run ${i}`).toMatch(CLEAR_ERROR);
        continue;
      }
      // A flip inside deflate data may decode to other bytes before zlib notices; what was read stays well-formed.
      if (result!.value.notice) damaged++;
      expect(Array.isArray(result!.value.records)).toBe(true);
    }
    expect(damaged).toBeGreaterThan(100);
  });

  it('names corrupt compressed data and its position, and shows what came before it', async () => {
    const copy = Buffer.from(bytes);
    const at = Math.floor(copy.length * 0.6);
    // zlib may notice a little after the damage: the bytes between decode to something, then fail.
    for (let i = at; i < at + 64; i++) copy[i] = 0xff;
    const result = await parseRecording(copy);
    if (!result.ok) throw new Error(result.error.message);
    // Depending on where zlib notices: a failure at a byte, or a checksum mismatch at the end and a garbled line.
    expect(result.value.notice).toMatch(
      new RegExp(
        /^(corrupt compressed data at byte \d+ \(.+\)|the recording's checksum does not match \(incorrect data check\), so its content may be damaged)/
          .source + /(; line \d+ is not a valid record: .+)?; showing the readable part: \d+ records up to \d\d:\d\d$/.source,
      ),
    );
    expect(result.value.records.length).toBeGreaterThan(0);
    expect(result.value.records).toEqual(full.records.slice(0, result.value.records.length));
  });

  it('says which line is not a valid record and keeps the lines before it', async () => {
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const bad = [...lines.slice(0, 10), '{"kind":"event","dt":"soon"}', ...lines.slice(10)].join('\n');
    const result = await parseRecording(gzipSync(bad));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.notice).toMatch(/^line 11 is not a valid record: dt: .+; showing the readable part: 9 records up to/);
    expect(result.value.records).toEqual(full.records.slice(0, 9));
    expect(result.value.complete).toBe(false);

    const notJson = await parseRecording(Buffer.from([...lines.slice(0, 5), '{"kind":', ...lines.slice(5)].join('\n')));
    expect(notJson.ok && notJson.value.notice).toMatch(/^line 6 is not a valid record: it is not JSON/);
  });

  it("skips a sound record whose event it cannot read (another version's fields), keeps the rest and says so", async () => {
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const odd = [...lines.slice(0, 10), '{"kind":"event","dt":2000,"event":{"type":"started","t":1,"process":{"pid":"x"}}}', ...lines.slice(10)].join(
      '\n',
    );
    const result = await parseRecording(Buffer.from(odd));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.records).toEqual(full.records);
    expect(result.value.complete).toBe(false);
    expect(result.value.notice).toMatch(
      /^the trailer counts \d+ records but \d+ were read; some may be missing; 1 event this Forkscope cannot read was skipped \(first: line 11: event: .+\)$/,
    );
  });

  it('opens an uncompressed NDJSON recording the same as the compressed one', async () => {
    const plain = await parseRecording(gunzipSync(bytes));
    if (!plain.ok) throw new Error(plain.error.message);
    expect(plain.value.records).toEqual(full.records);
    expect(plain.value.complete).toBe(true);
  });
});

describe('openRecording on files that are not recordings', () => {
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const errorOf = async (path: string) => {
    const result = await openRecording(path);
    expect(result.ok).toBe(false);
    return result.ok ? null : result.error;
  };

  it('a text file, a JSON file, an empty file, binary noise, a folder and a missing file', async () => {
    expect(await errorOf(write('notes.txt', 'shopping list\nmilk\n'))).toEqual({
      kind: 'invalid-request',
      message: 'not a Forkscope recording: its first line is not JSON',
    });
    expect((await errorOf(join(appRoot(), 'package.json')))?.message).toBe('not a Forkscope recording: its first line is not JSON');
    expect((await errorOf(write('one.json', '{"name":"x","version":1}\n')))?.message).toBe(
      'not a Forkscope recording: its first line does not name the format "forkscope-recording"',
    );
    expect((await errorOf(write('array.json', '[1,2,3]')))?.message).toBe('not a Forkscope recording: its first line is not a JSON object');
    expect((await errorOf(write('empty.fsrec', '')))?.message).toBe('not a Forkscope recording: the file is empty');
    expect((await errorOf(write('noise.gz', Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]))))?.message).toMatch(
      /^not a Forkscope recording: /,
    );
    expect((await errorOf(dir))?.message).toBe(`cannot open the recording ${dir}: it is a folder`);
    expect((await errorOf(join(dir, 'missing.fsrec')))?.message).toBe(
      `cannot open the recording ${join(dir, 'missing.fsrec')}: there is no such file`,
    );
  });

  it('a recording of a newer format version, and a header with a bad field', async () => {
    const header = {
      kind: 'header',
      format: 'forkscope-recording',
      version: 4,
      forkscopeVersion: '9.0.0',
      platform: 'linux',
      host: 'h',
      startedAt: 1,
      intervalMs: 1000,
    };
    expect(await errorOf(write('newer.fsrec', gzipSync(`${JSON.stringify(header)}\n`)))).toEqual({
      kind: 'unsupported',
      message: 'recording format version 4 is newer than this Forkscope reads (3); update Forkscope to open it',
    });
    expect((await errorOf(write('bad-header.fsrec', `${JSON.stringify({ ...header, version: 1, platform: 'plan9' })}\n`)))?.message).toMatch(
      /^not a Forkscope recording: its header is not valid: platform: /,
    );
  });

  it('skips records of kinds a later Forkscope added, and says so', async () => {
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const trailer = JSON.parse(lines.at(-2)!) as { records: number };
    const extra = [
      ...lines.slice(0, 3),
      '{"kind":"bookmark","dt":0,"label":"x"}',
      ...lines.slice(3, -2),
      JSON.stringify({ ...trailer, records: trailer.records + 1 }),
      '',
    ].join('\n');
    const result = await parseRecording(Buffer.from(extra));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.records).toEqual(full.records);
    expect(result.value.complete).toBe(true);
    expect(result.value.notice).toBe('1 record of a kind this Forkscope does not know was skipped');
  });
});
