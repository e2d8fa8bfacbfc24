import type { ProcessInfo } from '../../../shared/model';

export interface HistoryPoint {
  t: number;
  cpu: number | null;
  rss: number | null;
}

/**
 * Per-process CPU and memory over the last `limit` sampler ticks, stored as changes only: a tick that changes one
 * process in 20,000 costs one point, not 20,000. Read back with one point per tick (the value holds between changes),
 * which is what the details chart draws.
 */
export class ProcessHistory {
  private readonly ticks: number[] = [];
  private readonly changes = new Map<string, HistoryPoint[]>();

  constructor(private readonly limit: number) {}

  /** A sampler tick (a sample or a keyframe) happened at `t`. */
  tick(t: number): void {
    if (this.ticks.length && this.ticks[this.ticks.length - 1]! >= t) return;
    this.ticks.push(t);
    if (this.ticks.length > this.limit) this.ticks.shift();
  }

  /** The process's values at `t` (kept only if they differ from its last point). */
  note(key: string, p: Pick<ProcessInfo, 'cpuPercent' | 'rssBytes'>, t: number): void {
    let ring = this.changes.get(key);
    if (!ring) this.changes.set(key, (ring = []));
    const last = ring[ring.length - 1];
    if (last && last.cpu === p.cpuPercent && last.rss === p.rssBytes) return;
    if (last && last.t === t) ring.pop();
    ring.push({ t, cpu: p.cpuPercent, rss: p.rssBytes });
    // Each point is at a distinct time, so `limit` of them reach back past the oldest tick kept.
    if (ring.length > this.limit + 1) ring.shift();
  }

  forget(key: string): void {
    this.changes.delete(key);
  }

  clear(): void {
    this.ticks.length = 0;
    this.changes.clear();
  }

  /** One point per tick since the process was first seen, each with the values it had then. */
  read(key: string): HistoryPoint[] {
    const ring = this.changes.get(key);
    if (!ring || ring.length === 0) return [];
    const out: HistoryPoint[] = [];
    let i = 0;
    for (const t of this.ticks) {
      if (t < ring[0]!.t) continue;
      while (i + 1 < ring.length && ring[i + 1]!.t <= t) i++;
      const point = ring[i]!;
      out.push({ t, cpu: point.cpu, rss: point.rss });
    }
    return out;
  }
}
