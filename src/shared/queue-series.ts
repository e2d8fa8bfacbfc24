import type { QueueMetricsEvent } from './events';

/** One point of a queue's charts. Each field is what its line's name says. */
export interface QueuePoint {
  t: number;
  /** Messages taken per second since the previous point. */
  throughput: number;
  /** Messages the queue holds: never what is on its way to it, so it is 0 whenever a consumer waits on an empty queue. */
  depth: number;
  /** Producers blocked on a full queue. */
  blocked: number;
  /** Consumers blocked on an empty queue. */
  waiting: number;
  p50?: number | null;
  p99?: number | null;
}

/** The chart point for a metrics report of a queue experiment, given the previous report's time and gets. */
export function experimentPoint(m: QueueMetricsEvent, previous: { t: number; gets: number }): QueuePoint {
  const seconds = Math.max(0.001, (m.t - previous.t) / 1000);
  return {
    t: m.t,
    throughput: Math.round((m.gets - previous.gets) / seconds),
    depth: m.depth,
    blocked: m.blockedProducers,
    waiting: m.waitingConsumers,
    p50: m.p50LatencyMs,
    p99: m.p99LatencyMs,
  };
}
