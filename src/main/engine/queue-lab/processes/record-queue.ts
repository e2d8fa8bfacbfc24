import { measureRecords } from '../../../../shared/wire/queue';

/** Records packed back to back, as a producer's batch carried them. */
export interface RecordRun {
  bytes: Uint8Array;
  count: number;
}

/**
 * A FIFO of message records kept as the batches they arrived in: taking n records hands out
 * whole batches, or a slice of one cut at a record boundary, never a copy and never an object
 * per message. The broker keeps its queue and each consumer's in-flight records in these.
 */
export class RecordQueue {
  private runs: RecordRun[] = [];
  private head = 0;
  size = 0;

  push(run: RecordRun): void {
    if (run.count === 0) return;
    this.runs.push(run);
    this.size += run.count;
  }

  /** Removes up to `n` records from the front and returns them. */
  take(n: number): RecordRun[] {
    const out: RecordRun[] = [];
    while (n > 0 && this.head < this.runs.length) {
      const run = this.runs[this.head]!;
      if (run.count <= n) {
        out.push(run);
        this.head++;
        n -= run.count;
        this.size -= run.count;
      } else {
        const cut = measureRecords(run.bytes, n).bytes;
        out.push({ bytes: run.bytes.subarray(0, cut), count: n });
        this.runs[this.head] = { bytes: run.bytes.subarray(cut), count: run.count - n };
        this.size -= n;
        n = 0;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.runs.length) {
      this.runs = this.runs.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** The records still held, for naming them when they are lost. */
  remaining(): RecordRun[] {
    return this.runs.slice(this.head);
  }
}
