import type { Platform, SamplerEvent, Snapshot } from '../../../shared/model';
import { findNewOrphans, findOrphansWithoutHistory, type FormerParent } from '../analysis/orphans';
import { cpuPercents, type CpuReading } from './cpu';
import { diffTables, indexRows, keyOf } from './diff';
import { toSnapshot } from './to-snapshot';
import type { ProcessRow } from './types';

export interface ProcessReader {
  read(): ProcessRow[];
}

/**
 * Consecutive readings of the process table and what they imply: CPU rates, lifecycle events,
 * and orphans seen happening (whose former parent is remembered while they live).
 */
export class SamplingSession {
  private cpu = new Map<number, CpuReading>();
  private previous: Map<string, ProcessRow> | undefined;
  private readonly formerParents = new Map<string, FormerParent>();

  constructor(
    private readonly reader: ProcessReader,
    private readonly platform: Platform,
    private readonly reaperPids: ReadonlySet<number>,
  ) {}

  tick(now = Date.now()): { snapshot: Snapshot; events: SamplerEvent[] } {
    const rows = this.reader.read();
    const current = indexRows(rows);
    const { percents, readings } = cpuPercents(this.cpu, rows, now);
    this.cpu = readings;

    const events: SamplerEvent[] = this.previous ? diffTables(this.previous, current, now) : [];
    if (this.previous) {
      for (const [key, formerParent] of findNewOrphans(this.previous, rows, this.reaperPids)) {
        if (this.formerParents.has(key)) continue;
        this.formerParents.set(key, formerParent);
        const row = current.get(key)!;
        events.push({ type: 'orphaned', t: now, pid: row.pid, startTime: row.startTime, ppid: row.ppid, name: row.name, formerParent });
      }
    }
    for (const key of this.formerParents.keys()) if (!current.has(key)) this.formerParents.delete(key);
    this.previous = current;

    const orphans = new Map<number, FormerParent | null>();
    for (const pid of findOrphansWithoutHistory(rows, this.reaperPids)) orphans.set(pid, null);
    for (const row of rows) {
      const formerParent = this.formerParents.get(keyOf(row));
      // A zombie is reported as a zombie; its parent's reaping is the problem, not orphanhood.
      if (formerParent && row.state !== 'zombie') orphans.set(row.pid, formerParent);
    }
    return { snapshot: toSnapshot({ takenAt: now, platform: this.platform, rows, cpu: percents, orphans }), events };
  }
}
