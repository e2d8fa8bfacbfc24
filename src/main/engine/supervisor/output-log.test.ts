import { describe, expect, it } from 'vitest';
import { OutputLog } from './output-log';

describe('OutputLog', () => {
  it('keeps the newest output within the character limit, even from one huge chunk', () => {
    const log = new OutputLog({ maxChars: 10 });
    log.append('stdout', 'abcdef');
    log.append('stderr', 'ghijkl');
    expect(log.text()).toBe('ghijkl');
    log.append('stdout', '0123456789ABCDEF');
    expect(log.text()).toBe('6789ABCDEF');
    expect(log.droppedChars).toBe(18);
  });

  it('keeps at most N lines and tells the streams apart', () => {
    const log = new OutputLog({ maxLines: 2 });
    for (const line of ['one\n', 'two\n', 'three\n']) log.append('stdout', line);
    log.append('stderr', 'oops\n');
    expect(log.text()).toBe('three\noops\n');
    expect(log.text('stderr')).toBe('oops\n');
  });

  it('does not break a character split between two reads', () => {
    const log = new OutputLog();
    const bytes = Buffer.from('é→', 'utf8');
    log.append('stdout', bytes.subarray(0, 1));
    log.append('stdout', bytes.subarray(1));
    expect(log.text()).toBe('é→');
  });
});

describe('OutputLog positions', () => {
  it('hands out what came after a position, so a poll gets only what is new', () => {
    let now = 1000;
    const log = new OutputLog({}, () => now++);
    log.append('stdout', 'one\n');
    log.append('stderr', 'two\n');
    expect(log.read()).toMatchObject({
      from: 0,
      start: 0,
      end: 8,
      chunks: [
        { stream: 'stdout', t: 1000, text: 'one\n' },
        { stream: 'stderr', t: 1001, text: 'two\n' },
      ],
    });
    expect(log.read(8).chunks).toEqual([]);
    // Part-way into a chunk: the rest of it.
    expect(log.read(6)).toMatchObject({ from: 6, chunks: [{ stream: 'stderr', text: 'o\n' }] });
    log.append('stdout', 'three\n');
    expect(log.read(8)).toMatchObject({ from: 8, end: 14, chunks: [{ stream: 'stdout', text: 'three\n' }] });
  });

  it('says what the bound dropped: a position no longer kept reads from the first kept one', () => {
    const log = new OutputLog({ maxLines: 2 });
    for (const line of ['a\n', 'b\n', 'c\n', 'd\n']) log.append('stdout', line);
    const read = log.read(2);
    expect(read).toMatchObject({ from: 4, start: 4, end: 8, limit: { size: 256 * 1024, lines: 2 } });
    expect(read.chunks.map((c) => c.text).join('')).toBe('c\nd\n');
    // Past the end (the caller held another process's output): everything kept.
    expect(log.read(100).from).toBe(4);
  });

  it('keeps the newest bytes for a recording, cut on a whole character', () => {
    const log = new OutputLog();
    log.append('stdout', 'x'.repeat(10));
    log.append('stderr', 'ééé');
    // 5 bytes: the 3 é are 6 bytes, so the first é goes whole, not half.
    expect(log.tail(5)).toEqual({ chunks: [{ stream: 'stderr', t: expect.any(Number), text: 'éé' }], dropped: 11 });
    expect(log.tail(8).chunks.map((c) => c.text)).toEqual(['xx', 'ééé']);
    expect(log.tail(1024).dropped).toBe(0);
  });
});

describe('OutputLog line bound', () => {
  it('holds for one read of many short lines too', () => {
    const log = new OutputLog({ maxLines: 3 });
    log.append('stdout', 'a\nb\nc\nd\ne\n');
    expect(log.text()).toBe('c\nd\ne\n');
    expect(log.read()).toMatchObject({ start: 4, from: 4, end: 10, chunks: [{ text: 'c\nd\ne\n' }] });
    log.append('stdout', 'f\n');
    expect(log.text()).toBe('f\n');
  });
});
