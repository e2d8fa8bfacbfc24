import { describe, expect, it } from 'vitest';
import type { OutputRead } from '../../../shared/output';
import { OutputBuffer } from './output-buffer';

const read = (from: number, chunks: OutputRead['chunks'], extra: Partial<OutputRead> = {}): OutputRead => ({
  chunks,
  from,
  start: 0,
  end: from + chunks.reduce((n, c) => n + c.text.length, 0),
  source: 'memory',
  limit: { size: 262144, lines: 5000 },
  logFile: null,
  ...extra,
});

describe('OutputBuffer', () => {
  it('appends what follows, continues an unfinished line of the same stream and keeps the streams apart', () => {
    const buffer = new OutputBuffer();
    expect(buffer.apply(read(0, [{ stream: 'stdout', t: 1, text: 'hello ' }]))).toBe(true);
    buffer.apply(read(6, [{ stream: 'stdout', t: 2, text: 'world\nnext' }]));
    buffer.apply(read(16, [{ stream: 'stderr', t: 3, text: 'oops\n' }]));
    expect(buffer.lines).toEqual([
      { stream: 'stdout', text: 'hello world' },
      { stream: 'stdout', text: 'next' },
      { stream: 'stderr', text: 'oops' },
    ]);
    expect(buffer.end).toBe(21);
    expect(buffer.text('stderr')).toBe('oops');
    // Nothing new: nothing to draw.
    expect(buffer.apply(read(21, []))).toBe(false);
  });

  it('replaces what it holds when the answer does not follow it (a replay moved back, the bound dropped it)', () => {
    const buffer = new OutputBuffer();
    buffer.apply(read(0, [{ stream: 'stdout', t: 1, text: 'a\nb\nc\n' }]));
    buffer.apply(read(2, [{ stream: 'stdout', t: 1, text: 'b\n' }], { start: 2 }));
    expect(buffer.lines.map((l) => l.text)).toEqual(['b']);
    expect(buffer.heldFrom).toBe(2);
    expect(buffer.end).toBe(4);
  });

  it('says when the engine dropped old output, even with nothing new to show', () => {
    const buffer = new OutputBuffer();
    buffer.apply(read(0, [{ stream: 'stdout', t: 1, text: 'a\n' }]));
    expect(buffer.apply(read(2, [], { start: 2 }))).toBe(true);
    expect(buffer.heldFrom).toBe(2);
  });
});
