import { processKey, type ProcessKey } from '../../../shared/model';
import type { ProcessRow } from './types';

export interface IoReading {
  read: number;
  write: number;
  at: number;
}

export interface IoRate {
  readBps: number | null;
  writeBps: number | null;
  /** false: the OS refused this process's counters (another user's). */
  readable: boolean;
}

/**
 * Storage I/O rates of the rows whose counters were read this tick, over the time since their previous reading (as
 * cpu.ts does for CPU %). A row first read, or read again after a gap (it left the view), has no rate yet: null.
 */
export function ioRates(
  previous: ReadonlyMap<ProcessKey, IoReading>,
  rows: readonly ProcessRow[],
  now: number,
): { rates: Map<ProcessKey, IoRate>; readings: Map<ProcessKey, IoReading> } {
  const rates = new Map<ProcessKey, IoRate>();
  const readings = new Map<ProcessKey, IoReading>();
  for (const row of rows) {
    if (row.ioReadBytes === undefined) continue;
    const key = processKey(row);
    if (row.ioReadBytes === null || row.ioWriteBytes == null) {
      rates.set(key, { readBps: null, writeBps: null, readable: false });
      continue;
    }
    readings.set(key, { read: row.ioReadBytes, write: row.ioWriteBytes, at: now });
    const before = previous.get(key);
    if (!before || now <= before.at) {
      rates.set(key, { readBps: null, writeBps: null, readable: true });
      continue;
    }
    const seconds = (now - before.at) / 1000;
    rates.set(key, {
      readBps: Math.max(0, Math.round((row.ioReadBytes - before.read) / seconds)),
      writeBps: Math.max(0, Math.round((row.ioWriteBytes - before.write) / seconds)),
      readable: true,
    });
  }
  return { rates, readings };
}
