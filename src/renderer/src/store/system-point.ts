import type { SystemStats } from '../../../shared/events';

/** One point of the header's charts: CPU over all cores, memory and swap in use, in %. */
export interface SystemPoint {
  t: number;
  cpu: number;
  memory: number;
  swap: number;
}

export function systemPoint(t: number, s: SystemStats): SystemPoint {
  return {
    t,
    cpu: s.cpuPerCore.length ? s.cpuPerCore.reduce((a, b) => a + b, 0) / s.cpuPerCore.length : 0,
    memory: s.memTotalBytes ? (100 * (s.memTotalBytes - s.memAvailableBytes)) / s.memTotalBytes : 0,
    swap: s.swapTotalBytes ? (100 * (s.swapTotalBytes - s.swapFreeBytes)) / s.swapTotalBytes : 0,
  };
}
