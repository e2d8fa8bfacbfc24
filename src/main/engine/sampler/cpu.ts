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

/**
 * cpuPercents kept across ticks without a new map or reading per row: each reading is updated in place, and the
 * readings of pids a tick did not give are dropped at its end. Call begin, percent once per row, then end.
 */
export class CpuRates {
  private readonly readings = new Map<number, CpuReading & { tick: number }>();
  private tick = 0;

  begin(): void {
    this.tick++;
  }

  percent(row: ProcessRow, now: number): number | null {
    const before = this.readings.get(row.pid);
    if (!before) {
      this.readings.set(row.pid, { startTime: row.startTime, cpuTimeMs: row.cpuTimeMs, at: now, tick: this.tick });
      return null;
    }
    const valid = before.startTime === row.startTime && before.cpuTimeMs !== null && row.cpuTimeMs !== null && now > before.at;
    const percent = valid ? ((row.cpuTimeMs! - before.cpuTimeMs!) / (now - before.at)) * 100 : 0;
    before.startTime = row.startTime;
    before.cpuTimeMs = row.cpuTimeMs;
    before.at = now;
    before.tick = this.tick;
    return valid ? Math.max(0, Math.round(percent * 10) / 10) : null;
  }

  /** `rows`: how many rows this tick gave (when every reading was given, there is nothing to drop). */
  end(rows: number): void {
    if (this.readings.size === rows) return;
    for (const [pid, reading] of this.readings) if (reading.tick !== this.tick) this.readings.delete(pid);
  }
}
