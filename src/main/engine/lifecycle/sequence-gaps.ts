/**
 * Counts the proc connector messages this socket never received. The kernel numbers its messages
 * with one counter per CPU (cn_msg.seq, the CPU in proc_event.cpu), so a gap in one CPU's numbers
 * is exactly how many of that CPU's messages were dropped: ENOBUFS alone only says "some".
 */
export class SequenceGaps {
  private readonly next = new Map<number, number>();
  lost = 0;

  /** Notes one message; returns how many were lost just before it on its CPU. */
  note(cpu: number, seq: number): number {
    const expected = this.next.get(cpu);
    this.next.set(cpu, (seq + 1) >>> 0);
    if (expected === undefined || seq === expected) return 0;
    // u32 arithmetic: a counter that wrapped is still a forward gap; a step back (the counter
    // restarted) is not a loss we can size, so it counts nothing.
    const gap = (seq - expected) >>> 0;
    if (gap > 0x7fffffff) return 0;
    this.lost += gap;
    return gap;
  }
}
