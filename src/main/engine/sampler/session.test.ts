import { describe, expect, it } from 'vitest';
import { ProcessTable } from '../../../shared/process-table';
import { processRow } from './__fixtures__/process-row';
import { SamplingSession } from './session';
import type { ProcessRow } from './types';

const row = (pid: number, ppid: number, extra: Partial<ProcessRow> = {}): ProcessRow => processRow(pid, { ppid, rssBytes: 1000, ...extra });

/** Recorded tables fed one per tick, as the /proc reader would return them. */
function scripted(tables: ProcessRow[][]) {
  let i = 0;
  return { read: () => tables[Math.min(i++, tables.length - 1)]!, readOne: () => null };
}

describe('SamplingSession', () => {
  const tables = [
    [row(1, 0, { name: 'init' }), row(100, 1, { sid: 100 }), row(101, 100, { sid: 100, pgid: 100 })],
    [row(1, 0, { name: 'init' }), row(100, 1, { sid: 100 }), row(101, 100, { sid: 100, pgid: 100, cpuTimeMs: 500 }), row(102, 100, { sid: 100 })],
    [row(1, 0, { name: 'init' }), row(101, 1, { sid: 100, pgid: 100, cpuTimeMs: 500 }), row(102, 100, { sid: 100, state: 'zombie' })],
  ];

  it('starts with a keyframe, then lifecycle events and samples; the fold matches each snapshot', () => {
    const session = new SamplingSession(scripted(tables), { platform: 'linux', reaperPids: new Set([1]), keyframeEvery: 100 });
    const folded = new ProcessTable();
    const ticks = [0, 1000, 2000].map((t) => session.tick(t));
    for (const { events, snapshot } of ticks) {
      for (const event of events) folded.apply(event);
      const byPid = (a: { pid: number }, b: { pid: number }) => a.pid - b.pid;
      expect(folded.snapshot().processes.sort(byPid)).toEqual([...snapshot.processes].sort(byPid));
    }
    expect(ticks[0]!.events.map((e) => e.type)).toEqual(['keyframe']);
    expect(ticks[1]!.events.map((e) => e.type)).toEqual(['started', 'sample']);
    const sample = ticks[1]!.events.find((e) => e.type === 'sample');
    const changes = sample?.type === 'sample' ? sample.changes : [];
    // The first rate replaces "no rate yet"; 500 ms of CPU over 1 s is 50 %.
    expect(changes.find((c) => c.pid === 101)).toEqual({ pid: 101, startTime: 1010, cpuPercent: 50 });
    expect(changes.find((c) => c.pid === 1)).toEqual({ pid: 1, startTime: 10, cpuPercent: 0 });
    const third = ticks[2]!.events;
    expect(third.map((e) => e.type).sort()).toEqual(['became-zombie', 'ended', 'orphaned', 'reparented', 'sample', 'state-changed']);
    expect(third.find((e) => e.type === 'orphaned')).toMatchObject({ pid: 101, formerParent: { pid: 100, name: 'p100' } });
    expect(third.find((e) => e.type === 'became-zombie')).toMatchObject({ pid: 102, ppid: 100 });
    expect(ticks[2]!.snapshot.zombies).toEqual([102]);
    expect(ticks[2]!.snapshot.orphans).toEqual([101]);
  });

  it('sends a keyframe every N ticks', () => {
    const session = new SamplingSession(scripted([tables[0]!]), { platform: 'linux', reaperPids: new Set([1]), keyframeEvery: 2 });
    const kinds = [0, 1, 2, 3, 4].map((t) => session.tick(t * 1000).events.some((e) => e.type === 'keyframe'));
    expect(kinds).toEqual([true, false, true, false, true]);
  });
});
