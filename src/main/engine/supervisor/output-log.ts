import { StringDecoder } from 'node:string_decoder';
import type { OutputChunk, OutputRead } from '../../../shared/output';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLogLimits {
  /** Characters kept, newest last (default 256 Ki). */
  maxChars?: number;
  /** Lines kept (default 5000), so a flood of short lines cannot make the view slow. */
  maxLines?: number;
}

interface Piece {
  stream: OutputStream;
  text: string;
  lines: number;
  /** Epoch ms it was read. */
  t: number;
  /** Position of its first character in everything the child wrote. */
  at: number;
}

/**
 * The last output of one child, bounded, so a chatty child neither blocks on a full pipe
 * (its output is always drained) nor grows Forkscope's memory.
 */
export class OutputLog {
  private chunks: Piece[] = [];
  private chars = 0;
  private lines = 0;
  /** Characters dropped from the front to stay within the limits. */
  droppedChars = 0;
  readonly maxChars: number;
  readonly maxLines: number;
  // One decoder per stream: a multi-byte character split across two reads stays whole.
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(
    limits: OutputLogLimits = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.maxChars = limits.maxChars ?? 256 * 1024;
    this.maxLines = limits.maxLines ?? 5000;
  }

  /** Position after the last character ever appended, dropped ones included. */
  get end(): number {
    return this.droppedChars + this.chars;
  }

  append(stream: OutputStream, data: Buffer | string): void {
    let text = typeof data === 'string' ? data : this.decoders[stream].write(data);
    if (text.length === 0) return;
    if (text.length > this.maxChars) {
      this.droppedChars += text.length - this.maxChars;
      text = text.slice(-this.maxChars);
    }
    const lines = countLines(text);
    // After any cut above: the position of the first character kept.
    this.chunks.push({ stream, text, lines, t: this.clock(), at: this.end });
    this.chars += text.length;
    this.lines += lines;
    this.enforceLimits();
  }

  /** Drops the oldest output until both limits hold: whole chunks first, then the front of the one left. */
  private enforceLimits(): void {
    while (this.chunks.length > 1 && (this.chars > this.maxChars || this.lines > this.maxLines)) {
      const dropped = this.chunks.shift()!;
      this.chars -= dropped.text.length;
      this.lines -= dropped.lines;
      this.droppedChars += dropped.text.length;
    }
    const only = this.chunks[0];
    if (!only || this.lines <= this.maxLines) return;
    // One read brought more lines than are kept (a burst of short lines): keep its last maxLines lines.
    let cut = 0;
    for (let excess = this.lines - this.maxLines; excess > 0; excess--) cut = only.text.indexOf('\n', cut) + 1;
    const text = only.text.slice(cut);
    this.chars -= cut;
    this.lines = countLines(text);
    this.droppedChars += cut;
    Object.assign(only, { text, lines: this.lines, at: only.at + cut });
  }

  /** The kept output, stdout and stderr interleaved as they came, or one of them. */
  text(stream?: OutputStream): string {
    return this.chunks
      .filter((c) => !stream || c.stream === stream)
      .map((c) => c.text)
      .join('');
  }

  /** What came after position `after` (all that is kept when it is not given, or no longer kept, or beyond the end). */
  read(after?: number): Omit<OutputRead, 'source' | 'logFile'> {
    const start = this.droppedChars;
    const end = this.end;
    const from = after !== undefined && after >= start && after <= end ? after : start;
    const chunks: OutputChunk[] = [];
    for (const c of this.chunks) {
      const skip = from - c.at;
      if (skip >= c.text.length) continue;
      chunks.push({ stream: c.stream, t: c.t, text: skip > 0 ? c.text.slice(skip) : c.text });
    }
    return { chunks, from, start, end, limit: { size: this.maxChars, lines: this.maxLines } };
  }

  /** The newest output within `maxBytes` of UTF-8, with the time each piece was read (what a recording keeps). */
  tail(maxBytes: number): { chunks: OutputChunk[]; dropped: number } {
    const chunks: OutputChunk[] = [];
    let room = maxBytes;
    for (let i = this.chunks.length - 1; i >= 0 && room > 0; i--) {
      const c = this.chunks[i]!;
      const bytes = Buffer.byteLength(c.text);
      const text = bytes <= room ? c.text : lastBytes(c.text, room);
      chunks.unshift({ stream: c.stream, t: c.t, text });
      room -= Math.min(bytes, room);
    }
    // Characters before the first one kept: the memory bound's and this cut's.
    return { chunks, dropped: this.end - chunks.reduce((sum, c) => sum + c.text.length, 0) };
  }
}

/** The end of `text` that fits in `maxBytes` of UTF-8, starting on a whole character. */
export function lastBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let from = bytes.length - maxBytes;
  // Continuation bytes (10xxxxxx) belong to the character before: start after them.
  while (from < bytes.length && (bytes[from]! & 0xc0) === 0x80) from++;
  return bytes.subarray(from).toString('utf8');
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
