import type { ProcessInfo } from '../../../shared/model';
import type { SortKey } from '../../../shared/settings';

/** htop's numeric columns, each as the number it sorts by; what was not read (or is not readable) sorts first. */
const NUMERIC: Partial<Record<SortKey, (p: ProcessInfo) => number | null | undefined>> = {
  ppid: (p) => p.ppid,
  pgid: (p) => p.pgid,
  sid: (p) => p.sid,
  time: (p) => p.cpuTimeMs,
  nice: (p) => p.nice,
  priority: (p) => p.priority,
  virt: (p) => p.virtBytes,
  shr: (p) => p.shrBytes,
  threads: (p) => p.threads,
  'io-read': (p) => p.ioReadBps,
  'io-write': (p) => p.ioWriteBps,
};

export function numericSortValue(p: ProcessInfo, key: SortKey): number {
  // Nice values go below zero: what is missing sorts before the lowest of them.
  return NUMERIC[key]?.(p) ?? Number.NEGATIVE_INFINITY;
}
