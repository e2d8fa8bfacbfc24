import type { ProcessRow } from './types';

export interface CpuReading {
  startTime: number;
  cpuTimeMs: number | null;
  at: number;
}

/**
 * CPU % of each process over the time since the previous reading, per core like top
 * (a process busy on two cores shows 200). A process first seen has no rate yet: null.
 */
export function cpuPercents(
  previous: ReadonlyMap<number, CpuReading>,
  rows: readonly ProcessRow[],
  now: number,
): { percents: Map<number, number | null>; readings: Map<number, CpuReading> } {
  const percents = new Map<number, number | null>();
  const readings = new Map<number, CpuReading>();
  for (const row of rows) {
    readings.set(row.pid, { startTime: row.startTime, cpuTimeMs: row.cpuTimeMs, at: now });
    const before = previous.get(row.pid);
    if (!before || before.startTime !== row.startTime || before.cpuTimeMs === null || row.cpuTimeMs === null || now <= before.at) {
      percents.set(row.pid, null);
      continue;
    }
    const percent = ((row.cpuTimeMs - before.cpuTimeMs) / (now - before.at)) * 100;
    percents.set(row.pid, Math.max(0, Math.round(percent * 10) / 10));
  }
  return { percents, readings };
}
