/**
 * The last output of one child, bounded, so a chatty child neither blocks on a full pipe
 * (its output is always drained) nor grows Forkscope's memory.
 */
export class OutputLog {
  private chunks: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
  private bytes = 0;
  droppedBytes = 0;

  constructor(private readonly limitBytes = 256 * 1024) {}

  append(stream: 'stdout' | 'stderr', data: Buffer | string): void {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    this.chunks.push({ stream, text });
    this.bytes += text.length;
    while (this.bytes > this.limitBytes && this.chunks.length > 1) {
      const dropped = this.chunks.shift()!;
      this.bytes -= dropped.text.length;
      this.droppedBytes += dropped.text.length;
    }
  }

  text(stream?: 'stdout' | 'stderr'): string {
    return this.chunks
      .filter((c) => !stream || c.stream === stream)
      .map((c) => c.text)
      .join('');
  }
}
