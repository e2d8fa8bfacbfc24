import { describe, expect, it } from 'vitest';
import type { QueueMetricsEvent } from '../../../shared/events';
import { experimentPoint, type QueuePoint } from '../../../shared/queue-series';
import { runExperiment } from './experiment';

/** The chart's series for a real run, point by point as the Queue Lab folds them. */
async function chartedRun(config: Parameters<typeof runExperiment>[0]): Promise<QueuePoint[]> {
  const seen: QueueMetricsEvent[] = [];
  const startedAt = Date.now();
  await runExperiment(config, (m) => seen.push(m));
  let previous = { t: startedAt, gets: 0 };
  return seen.map((m) => {
    const point = experimentPoint(m, previous);
    previous = m;
    return point;
  });
}

// Real broker, producers and consumers (the built ones: `npm test` builds first).
describe('the depth chart of the node engine', () => {
  it('shows an empty queue and no blocked producer whenever consumers wait, and drains to 0 at the end', async () => {
    // Producers held to a slow rate: consumers wait on an empty queue most of the time while credits sit unused.
    const points = await chartedRun({ producers: 2, consumers: 2, capacity: 3, messages: 120, rate: 100 });
    const waiting = points.filter((p) => p.waiting > 0);
    expect(waiting.length).toBeGreaterThan(0);
    // Consumers waiting on an empty queue, and no producer blocked on a full one: the credits went to the producer that had none.
    for (const p of waiting) expect(p).toMatchObject({ depth: 0, blocked: 0 });
    expect(points.at(-1)).toMatchObject({ depth: 0, waiting: 0 });
  });

  it('sits at the capacity while producers are blocked on a slow consumer, never above it, and drains at the end', async () => {
    const points = await chartedRun({ producers: 2, consumers: 1, capacity: 3, messages: 40, workMs: 20 });
    expect(points.some((p) => p.depth === 3 && p.blocked > 0)).toBe(true);
    expect(Math.max(...points.map((p) => p.depth))).toBeLessThanOrEqual(3);
    expect(points.at(-1)).toMatchObject({ depth: 0, blocked: 0 });
  });
});
