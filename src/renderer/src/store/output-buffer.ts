import type { OutputRead, OutputSource, OutputStream } from '../../../shared/output';

/** One line of output as the view draws it, marked with the stream it came on. */
export interface OutputLine {
  stream: OutputStream;
  text: string;
}

/** What the view holds at most, whatever the engine keeps: enough for the engine's own bound (256 Ki characters). */
export const MAX_HELD_CHARS = 256 * 1024;

/**
 * The output of one process as the Output section holds it, fed by `supervisor:log` answers: a read that starts where
 * the held output ends is appended, any other (the bound dropped what was asked for, a replay moved back) replaces it.
 */
export class OutputBuffer {
  lines: OutputLine[] = [];
  /** Position after the last character held: what the next read asks to come after. */
  end = 0;
  /** Position of the first character held; more than 0 means older output was dropped. */
  heldFrom = 0;
  source: OutputSource | null = null;
  limit: OutputRead['limit'] | null = null;
  logFile: string | null = null;
  /** The last line is not finished yet: the next piece of the same stream continues it. */
  private open = false;
  private chars = 0;

  /** Folds one answer in; true when anything the view shows changed. */
  apply(read: OutputRead): boolean {
    const replace = read.from !== this.end || read.source !== this.source;
    if (!replace && read.chunks.length === 0 && read.start <= this.heldFrom) return false;
    if (replace) {
      this.lines = [];
      this.chars = 0;
      this.open = false;
      this.heldFrom = read.from;
    }
    for (const chunk of read.chunks) this.add(chunk.stream, chunk.text);
    this.end = read.end;
    this.heldFrom = Math.max(this.heldFrom, read.start);
    this.source = read.source;
    this.limit = read.limit;
    this.logFile = read.logFile;
    this.trim();
    return true;
  }

  /** The held output as text, of one stream or all. */
  text(stream?: OutputStream): string {
    return this.lines
      .filter((l) => !stream || l.stream === stream)
      .map((l) => l.text)
      .join('\n');
  }

  private add(stream: OutputStream, text: string): void {
    const pieces = text.split('\n');
    pieces.forEach((piece, i) => {
      const last = this.lines[this.lines.length - 1];
      if (i === 0 && this.open && last?.stream === stream) last.text += piece;
      else if (i < pieces.length - 1 || piece !== '') this.lines.push({ stream, text: piece });
    });
    this.open = !text.endsWith('\n');
    this.chars += text.length;
  }

  private trim(): void {
    while (this.chars > MAX_HELD_CHARS && this.lines.length > 1) {
      const dropped = this.lines.shift()!;
      this.chars -= dropped.text.length + 1;
      this.heldFrom += dropped.text.length + 1;
    }
  }
}
