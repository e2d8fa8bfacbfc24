/**
 * What the engine keeps of the Queue Lab and the Lessons for as long as it runs, so a reload, a
 * second window or a trip through a replay shows the same runs; the views keep no more than this.
 */
export const LAB_LIMITS = {
  /** Queue experiments, programs charted with "chart its queues", and lesson runs kept, each; the oldest finished goes first. */
  KEPT_RUNS: 20,
  /** Points of each queue chart: 30 s of an experiment's metrics (ten a second). */
  CHART_POINTS: 300,
  /** Events of one lesson run (its processes' lives and its timeline lines); those after are not kept. */
  LESSON_EVENTS: 5000,
} as const;

/** Drops the oldest entries (in insertion order) beyond `limit`, skipping those still running; what `isDone` says is done can go. */
export function dropOldest<K, V>(runs: Map<K, V>, limit: number, isDone: (run: V) => boolean): K[] {
  const dropped: K[] = [];
  let excess = runs.size - limit;
  for (const [key, run] of runs) {
    if (excess <= 0) break;
    if (!isDone(run)) continue;
    runs.delete(key);
    dropped.push(key);
    excess--;
  }
  return dropped;
}
