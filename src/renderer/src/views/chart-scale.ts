import type { ExperimentView } from '../store/live-store';

/** The upper ends of the axes, shared by runs shown side by side so their lines compare at a glance. */
export interface ChartScale {
  seconds: number;
  throughput: number;
  depth: number;
  latency: number;
}

/** The smallest of 1, 2, 2.5, 5 or 10 times a power of ten at or above `value`: an axis end whose ticks read well. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** The shared scale of every run shown: the longest run, the highest throughput, depth and latency. */
export function sharedScale(runs: readonly ExperimentView[]): ChartScale {
  const scale = { seconds: 1, throughput: 1, depth: 1, latency: 1 };
  for (const run of runs) {
    const first = run.origin ?? run.points[0]?.t;
    const last = run.points.at(-1);
    if (first !== undefined && last) scale.seconds = Math.max(scale.seconds, (last.t - first) / 1000);
    scale.depth = Math.max(scale.depth, Number(run.config.capacity) || 0);
    for (const p of run.points) {
      scale.throughput = Math.max(scale.throughput, p.throughput);
      scale.depth = Math.max(scale.depth, p.depth, p.blocked, p.waiting);
      scale.latency = Math.max(scale.latency, p.p99 ?? 0, p.p50 ?? 0);
    }
  }
  return {
    seconds: niceCeiling(scale.seconds),
    throughput: niceCeiling(scale.throughput),
    depth: Math.ceil(scale.depth),
    latency: niceCeiling(scale.latency),
  };
}
