import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLogLimits {
  /** Characters kept, newest last (default 256 Ki). */
  maxChars?: number;
  /** Lines kept (default 5000), so a flood of short lines cannot make the view slow. */
  maxLines?: number;
}

/**
 * The last output of one child, bounded, so a chatty child neither blocks on a full pipe
 * (its output is always drained) nor grows Forkscope's memory.
 */
export class OutputLog {
  private chunks: Array<{ stream: OutputStream; text: string; lines: number }> = [];
  private chars = 0;
  private lines = 0;
  /** Characters dropped from the front to stay within the limits. */
  droppedChars = 0;
  private readonly maxChars: number;
  private readonly maxLines: number;
  // One decoder per stream: a multi-byte character split across two reads stays whole.
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(limits: OutputLogLimits = {}) {
    this.maxChars = limits.maxChars ?? 256 * 1024;
    this.maxLines = limits.maxLines ?? 5000;
  }

  append(stream: OutputStream, data: Buffer | string): void {
    let text = typeof data === 'string' ? data : this.decoders[stream].write(data);
    if (text.length === 0) return;
    if (text.length > this.maxChars) {
      this.droppedChars += text.length - this.maxChars;
      text = text.slice(-this.maxChars);
    }
    const lines = countLines(text);
    this.chunks.push({ stream, text, lines });
    this.chars += text.length;
    this.lines += lines;
    while (this.chunks.length > 1 && (this.chars > this.maxChars || this.lines > this.maxLines)) {
      const dropped = this.chunks.shift()!;
      this.chars -= dropped.text.length;
      this.lines -= dropped.lines;
      this.droppedChars += dropped.text.length;
    }
  }

  /** The kept output, stdout and stderr interleaved as they came, or one of them. */
  text(stream?: OutputStream): string {
    return this.chunks
      .filter((c) => !stream || c.stream === stream)
      .map((c) => c.text)
      .join('');
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
