import { bootMinusMonotonicNs } from '../os/netlink';
import { linuxSystemFacts } from '../sampler/linux';

/**
 * Converts a proc connector stamp (CLOCK_MONOTONIC ns) to the clocks Forkscope keys on: clock ticks
 * since boot (the start time in /proc/PID/stat, which counts suspend time) and epoch ms for people.
 * Suspend moves boot time against the monotonic clock, so the offsets are measured again per batch.
 */
export class EventClock {
  private bootOffsetNs = 0n;
  private epochMinusMonoMs = 0;

  measure(): void {
    this.bootOffsetNs = bootMinusMonotonicNs() ?? 0n;
    // Node's hrtime is CLOCK_MONOTONIC too.
    this.epochMinusMonoMs = Date.now() - Number(process.hrtime.bigint() / 1000n) / 1000;
  }

  /** Start time in clock ticks of a process whose fork was stamped `ts`: what its stat would say, to within one tick. */
  startTicks(ts: bigint): number {
    const { clockTicks } = linuxSystemFacts();
    return Number(((ts + this.bootOffsetNs) * BigInt(clockTicks)) / 1_000_000_000n);
  }

  bootMs(ts: bigint): number {
    return Number((ts + this.bootOffsetNs) / 1000n) / 1000;
  }

  epochMs(ts: bigint): number {
    return Math.round(this.epochMinusMonoMs + Number(ts / 1000n) / 1000);
  }
}
