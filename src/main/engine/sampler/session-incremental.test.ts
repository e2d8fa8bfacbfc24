import { describe, expect, it } from 'vitest';
import { processKey, type Snapshot } from '../../../shared/model';
import { processRow } from './__fixtures__/process-row';
import { SamplingSession } from './session';
import type { ProcessRow } from './types';

/** Recorded tables fed one per tick; a row object repeated across tables is what the Linux reader gives for a process that did not run. */
function scripted(tables: ProcessRow[][]) {
  let i = 0;
  return { read: () => tables[Math.min(i++, tables.length - 1)]!, readOne: () => null };
}

const init = processRow(1, { ppid: 0, name: 'init' });
const leader = processRow(100, { sid: 100 });
// In its session leader's session under init: an orphan once the leader has gone, though the row itself never changes.
const member = processRow(101, { sid: 100, pgid: 101 });
const sleeper = processRow(102, { rssBytes: 4096 });
const busy = (cpuTimeMs: number) => processRow(103, { cpuTimeMs });
const tables: ProcessRow[][] = [
  [init, leader, member, sleeper, busy(0)],
  [init, leader, member, sleeper, busy(300)],
  [init, leader, member, sleeper, busy(300)],
  [init, member, sleeper, busy(900)],
  [init, member, sleeper, busy(900)],
  [init, member, sleeper, busy(900)],
  // A process that changes state, and then one that turns zombie (no longer an orphan: its reaping is the problem).
  [init, member, sleeper, busy(900), processRow(104, { state: 'running' })],
  [init, member, sleeper, busy(900), processRow(104, { state: 'sleeping' })],
  [init, processRow(101, { sid: 100, pgid: 101, state: 'zombie' }), sleeper, busy(900), processRow(104, { state: 'sleeping' })],
];

describe('SamplingSession, rows given again unchanged', () => {
  it('reports exactly what it reports for fresh copies of the same rows, and keeps the ProcessInfo of a row given again', () => {
    const reused = new SamplingSession(scripted(tables), { platform: 'linux', reaperPids: new Set([1]), keyframeEvery: 4 });
    const fresh = new SamplingSession(scripted(tables.map((table) => structuredClone(table))), {
      platform: 'linux',
      reaperPids: new Set([1]),
      keyframeEvery: 4,
    });
    const snapshots: Snapshot[] = [];
    for (let tick = 0; tick < tables.length; tick++) {
      if (tick === 5) {
        // The lifecycle fusion saw the sleeper and the member orphaned between ticks: rows given again still show it.
        for (const session of [reused, fresh]) {
          session.ledger().orphaned(processKey(sleeper), { pid: 7, name: 'gone' });
          session.ledger().orphaned(processKey(member), { pid: 100, name: 'p100' });
        }
      }
      const a = reused.tick(tick * 1000);
      const b = fresh.tick(tick * 1000);
      expect(a.events).toEqual(b.events);
      expect(a.snapshot).toEqual(b.snapshot);
      snapshots.push(a.snapshot);
    }
    const info = (tick: number, pid: number) => snapshots[tick]!.processes.find((p) => p.pid === pid)!;
    // From the second tick on the sleeper's CPU % is 0: the same object again, no copy per tick.
    expect(info(2, 102)).toBe(info(1, 102));
    expect(info(2, 103)).not.toBe(info(1, 103));
    // The leader's end makes the unchanged member an orphan (a change sent), then it is kept again.
    expect(info(2, 101).orphan).toBe(false);
    expect(info(3, 101).orphan).toBe(true);
    expect(info(4, 101)).toBe(info(3, 101));
    expect(info(5, 102)).toMatchObject({ orphan: true, formerParent: { pid: 7, name: 'gone' } });
    expect(info(5, 101)).toMatchObject({ orphan: true, formerParent: { pid: 100, name: 'p100' } });
    expect(info(8, 101)).toMatchObject({ orphan: false, zombie: true });
  });
});
