import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../shared/recording';
import { writeSynthetic } from './__fixtures__/write-recording';
import { openRecording } from './reader';
import { isLogEvent } from '../../../shared/events';
import { markers, nextEvent, REPLAY_LOG_LIMIT, stateAt } from './timeline';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-timeline-'));
let recording: Recording;
beforeAll(async () => {
  const path = join(dir, 'ten-minutes.fsrec');
  await writeSynthetic(path, 600);
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.error.message);
  recording = opened.value;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stateAt', () => {
  it('shows the table of the moment: the zombie while it is one, the reused pid as the later process', () => {
    const at = (dt: number) => stateAt(recording, dt).snapshot;
    expect(
      at(1500)
        .processes.map((p) => p.name)
        .sort(),
    ).toEqual(['bash', 'init', 'sshd', 'true']);
    expect(at(2000).processes.find((p) => p.pid === 4242)).toMatchObject({ name: 'sleep', startTime: 42_002 });
    expect(at(4000).processes.find((p) => p.pid === 4242)).toBeUndefined();
    expect(at(5000).processes.find((p) => p.pid === 4242)).toMatchObject({ name: 'python3', startTime: 42_005 });
    expect(at(7000).zombies).toEqual([301]);
    expect(at(9000).orphans).toEqual([401]);
    expect(at(9000).processes.find((p) => p.pid === 401)).toMatchObject({ ppid: 1, formerParent: { pid: 400, name: 'orphan-maker' } });
    expect(at(13_000).zombies).toEqual([]);
    // bash's CPU is set by each tick's sample, and on keyframe ticks by the keyframe.
    expect(at(20_000).processes.find((p) => p.pid === 100)?.cpuPercent).toBe(40);
    expect(at(21_000).processes.find((p) => p.pid === 100)?.cpuPercent).toBe(47);
    expect(stateAt(recording, 99_500).table.system?.uptimeSeconds).toBe(1099);
  });

  it('clamps to the recording and hands the event log its last entries, oldest first', () => {
    expect(stateAt(recording, -5).dt).toBe(0);
    const end = stateAt(recording, 10 * 3_600_000);
    expect(end.dt).toBe(recording.durationMs);
    expect(end.events).toHaveLength(REPLAY_LOG_LIMIT);
    expect(end.events.every((e) => isLogEvent(e.event))).toBe(true);
    expect(end.events.at(-1)!.dt).toBe(recording.durationMs);
    const offsets = end.events.map((e) => e.dt);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const early = stateAt(recording, 4000);
    const logged = recording.records.flatMap((r) => (r.kind === 'event' && r.dt <= 4000 && isLogEvent(r.event) ? [r.event] : []));
    expect(early.events.map((e) => e.event)).toEqual(logged);
    expect(logged.map((e) => e.type)).toEqual([
      'started',
      'ended',
      'started',
      'spawned',
      'started',
      'ended',
      'started',
      'ended',
      'started',
      'signaled',
      'exited',
      'ended',
    ]);
  });
});

describe('markers and nextEvent', () => {
  it('marks spawns, exits, zombies and orphans at their offsets', () => {
    const all = markers(recording);
    expect(all.filter((m) => m.kind === 'zombie').slice(0, 2)).toEqual([
      { dt: 7000, kind: 'zombie', pid: 301, startTime: 3016, name: 'sleep' },
      { dt: 47_000, kind: 'zombie', pid: 301, startTime: 3056, name: 'sleep' },
    ]);
    expect(all.find((m) => m.kind === 'orphan')).toEqual({ dt: 9000, kind: 'orphan', pid: 401, startTime: 4018, name: 'sleep' });
    expect(
      all
        .filter((m) => m.kind === 'spawn' && m.pid === 4242)
        .map((m) => m.dt)
        .slice(0, 2),
    ).toEqual([2000, 5000]);
    expect(all.filter((m) => m.kind === 'exit').length).toBeGreaterThan(590);
  });

  it('finds the next and previous event of a type', () => {
    expect(nextEvent(recording, 0, 'became-zombie')).toBe(7000);
    expect(nextEvent(recording, 7000, 'became-zombie')).toBe(47_000);
    expect(nextEvent(recording, 50_000, 'became-zombie', 'previous')).toBe(47_000);
    expect(nextEvent(recording, 47_000, 'became-zombie', 'previous')).toBe(7000);
    expect(nextEvent(recording, 7000, 'became-zombie', 'previous')).toBeNull();
    expect(nextEvent(recording, 590_000, 'became-zombie')).toBeNull();
    expect(nextEvent(recording, 0, 'action')).toBe(3000);
    expect(nextEvent(recording, 1, 'keyframe')).toBe(30_000);
    expect(nextEvent(recording, 0, 'joined')).toBeNull();
  });
});
