import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLogFile } from './log-file-read';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function logFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-log-read-'));
  folders.push(dir);
  const file = join(dir, '1-2.log');
  writeFileSync(file, text);
  return file;
}
const text = (read: ReturnType<typeof readLogFile>) => read.chunks.map((c) => c.text).join('');

describe('readLogFile', () => {
  it('reads what was appended after a position, as one combined stream', () => {
    const file = logFile('one\n');
    const first = readLogFile(file, 1024, undefined, () => 7);
    expect(first).toEqual({
      chunks: [{ stream: 'combined', t: 7, text: 'one\n' }],
      from: 0,
      start: 0,
      end: 4,
      source: 'log-file',
      limit: { size: 1024, lines: null },
      logFile: file,
    });
    appendFileSync(file, 'two\n');
    expect(text(readLogFile(file, 1024, first.end))).toBe('two\n');
    expect(readLogFile(file, 1024, 8).chunks).toEqual([]);
  });

  it('keeps to the last maxBytes and to whole characters at both ends', () => {
    // 'é' is 2 bytes and '→' 3: the last 6 bytes of 'aéé→' start inside the first é, which is left out.
    const file = logFile('aéé→');
    const read = readLogFile(file, 6);
    expect(read.start).toBe(2);
    expect(text(read)).toBe('é→');
    const cut = logFile('');
    appendFileSync(cut, Buffer.concat([Buffer.from('ab'), Buffer.from('→').subarray(0, 2)]));
    const partial = readLogFile(cut, 1024);
    // The half-written character waits for the next read.
    expect(partial).toMatchObject({ end: 2, chunks: [{ text: 'ab' }] });
    appendFileSync(cut, Buffer.from('→').subarray(2));
    expect(text(readLogFile(cut, 1024, partial.end))).toBe('→');
  });

  it('a missing file reads as empty, with its path', () => {
    expect(readLogFile('/nonexistent/forkscope/1-2.log', 1024)).toMatchObject({ chunks: [], end: 0, logFile: '/nonexistent/forkscope/1-2.log' });
  });
});
