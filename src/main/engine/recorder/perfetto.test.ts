import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processKey } from '../../../shared/model';
import type { Recording } from '../../../shared/recording';
import { writeSynthetic } from './__fixtures__/write-recording';
import { toTraceEvents, type TraceEvent, type TraceFile } from './perfetto';
import { openRecording } from './reader';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-perfetto-'));
let recording: Recording;
let trace: TraceFile;
beforeAll(async () => {
  const path = join(dir, 'session.fsrec');
  await writeSynthetic(path, 90);
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.error.message);
  recording = opened.value;
  // What a file on disk holds: the JSON round trip must not change it.
  trace = JSON.parse(JSON.stringify(toTraceEvents(recording))) as TraceFile;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every process of a recording, by identity, with the name it was first seen under. */
function processesOf(rec: Recording): Map<string, { pid: number; startTime: number; name: string }> {
  const out = new Map<string, { pid: number; startTime: number; name: string }>();
  const add = (p: { pid: number; startTime: number; name: string }) => {
    if (!out.has(processKey(p))) out.set(processKey(p), { pid: p.pid, startTime: p.startTime, name: p.name });
  };
  for (const r of rec.records) {
    if (r.kind === 'keyframe') r.snapshot.processes.forEach(add);
    else if (r.kind === 'correction') r.upsert.forEach(add);
    else if (r.kind === 'event' && r.event.type === 'started') add(r.event.process);
    else if (r.kind === 'event' && r.event.type === 'spawned') add(r.event);
  }
  return out;
}

/**
 * What Perfetto's and chrome://tracing's JSON importers need: the fields of each phase, slices
 * on one track that nest, one named track per process, and the recording's pids and names.
 */
function validateTrace(file: TraceFile, rec: Recording): string[] {
  const problems: string[] = [];
  if (!Array.isArray(file.traceEvents)) return ['traceEvents is not an array'];
  if (file.displayTimeUnit !== 'ms') problems.push('displayTimeUnit is not ms');
  const slices = new Map<string, TraceEvent[]>();
  const processNames = new Map<number, string[]>();
  file.traceEvents.forEach((e, i) => {
    const where = `event ${i} (${e.ph} ${e.name})`;
    if (typeof e.name !== 'string' || e.name === '') problems.push(`${where}: no name`);
    if (!['X', 'i', 'C', 'M'].includes(e.ph)) problems.push(`${where}: unknown phase`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`${where}: pid and tid must be integers`);
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) problems.push(`${where}: bad ts`);
    if (e.ph === 'X') {
      if (typeof e.dur !== 'number' || !Number.isFinite(e.dur) || e.dur < 0) problems.push(`${where}: X needs dur ≥ 0`);
      const track = `${e.pid}:${e.tid}`;
      slices.set(track, [...(slices.get(track) ?? []), e]);
    }
    if (e.ph === 'C') {
      const values = Object.values(e.args ?? {});
      if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) problems.push(`${where}: C needs numeric args`);
    }
    if (e.ph === 'i' && !['t', 'p', 'g'].includes(e.s ?? '')) problems.push(`${where}: i needs a scope`);
    if (e.ph === 'M') {
      if (e.name === 'process_name' || e.name === 'thread_name') {
        if (typeof e.args?.name !== 'string') problems.push(`${where}: needs args.name`);
        if (e.name === 'process_name') processNames.set(e.pid, [...(processNames.get(e.pid) ?? []), e.args!.name as string]);
      } else if (e.name === 'process_sort_index') {
        if (!Number.isInteger(e.args?.sort_index)) problems.push(`${where}: needs an integer args.sort_index`);
      } else problems.push(`${where}: unknown metadata`);
    }
  });
  for (const [track, list] of slices) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const open: TraceEvent[] = [];
    for (const slice of sorted) {
      while (open.length && open.at(-1)!.ts + open.at(-1)!.dur! <= slice.ts) open.pop();
      const parent = open.at(-1);
      if (parent && slice.ts + slice.dur! > parent.ts + parent.dur!)
        problems.push(`track ${track}: ${slice.name} overlaps ${parent.name} without nesting`);
      open.push(slice);
    }
  }
  for (const [pid, names] of processNames) if (names.length !== 1) problems.push(`pid ${pid} has ${names.length} process names`);
  // Every process of the recording has its own track, named with its name and pid.
  const lifetimes = file.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'process');
  for (const p of processesOf(rec).values()) {
    const own = lifetimes.filter((e) => e.args?.pid === p.pid && e.args?.startTime === p.startTime);
    if (own.length !== 1) {
      problems.push(`${p.name} ${p.pid}@${p.startTime} has ${own.length} lifetime slices`);
      continue;
    }
    const name = processNames.get(own[0]!.pid)?.[0] ?? '';
    if (!name.startsWith(`${p.name} ${p.pid} (parent `)) problems.push(`track of ${p.name} ${p.pid} is named ${JSON.stringify(name)}`);
  }
  if (new Set(lifetimes.map((e) => e.pid)).size !== lifetimes.length) problems.push('two processes share a track');
  return problems;
}

describe('toTraceEvents', () => {
  it('is a structurally valid Chrome trace with one named track per process', () => {
    expect(validateTrace(trace, recording)).toEqual([]);
  });

  it('gives a reused pid its own track, above every real pid, and keeps the real pid in the name', () => {
    const tracks = trace.traceEvents.filter((e) => e.name === 'process_name' && String(e.args!.name).includes(' 4242 '));
    const names = tracks.map((e) => e.args!.name).slice(0, 3);
    expect(names).toEqual(['sleep 4242 (parent bash 100)', 'python3 4242 (parent bash 100)', 'sleep 4242 (parent bash 100)']);
    expect(tracks[0]!.pid).toBe(4242);
    const maxReal = Math.max(...[...processesOf(recording).values()].map((p) => p.pid));
    expect(tracks[1]!.pid).toBeGreaterThan(maxReal);
    expect(new Set(tracks.map((e) => e.pid)).size).toBe(tracks.length);
  });

  it('orders tracks parents first, depth-first', () => {
    const sortIndex = new Map(trace.traceEvents.filter((e) => e.name === 'process_sort_index').map((e) => [e.pid, e.args!.sort_index as number]));
    const lifetimes = trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'process');
    const byName = (name: string) => lifetimes.find((e) => e.name === name)!.pid;
    expect(sortIndex.get(byName('init'))).toBe(0);
    // Siblings that started together: by pid.
    expect(sortIndex.get(byName('sshd'))).toBe(1);
    expect(sortIndex.get(byName('bash'))).toBe(2);
    // zombie-maker's child right after it, before bash's next child.
    const maker = sortIndex.get(byName('zombie-maker'))!;
    const child = lifetimes.find((e) => e.name === 'sleep' && e.args!.pid === 301)!;
    expect(sortIndex.get(child.pid)).toBe(maker + 1);
    expect(trace.traceEvents.find((e) => e.name === 'process_name' && e.pid === child.pid)!.args!.name).toBe('sleep 301 (parent zombie-maker 300)');
  });

  it('shows lifetimes, signals, zombies, orphans and counters where they happened', () => {
    const sleep = trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'process' && e.args!.pid === 4242)!;
    expect(sleep).toMatchObject({ ts: 2_000_000, dur: 2_000_000, args: { exitCode: null, exitSignal: 'SIGTERM', ppid: 100, parent: 'bash' } });
    expect(trace.traceEvents.find((e) => e.ph === 'i' && e.cat === 'signal' && e.pid === sleep.pid)).toMatchObject({
      name: 'SIGTERM (delivered)',
      ts: 4_000_000,
      s: 't',
    });
    const zombieTrack = trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'process' && e.args!.pid === 301)!.pid;
    expect(trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'zombie' && e.pid === zombieTrack)).toMatchObject({
      ts: 7_000_000,
      dur: 6_000_000,
    });
    expect(trace.traceEvents.filter((e) => e.ph === 'i' && e.pid === zombieTrack).map((e) => e.name)).toEqual([
      'state sleeping → zombie',
      'became zombie',
      'reparented 300 → 1',
      'zombie reaped by 1',
    ]);
    const orphanTrack = trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'process' && e.args!.pid === 401)!.pid;
    expect(trace.traceEvents.find((e) => e.ph === 'i' && e.cat === 'orphan' && e.pid === orphanTrack)!.name).toBe(
      'orphaned (parent orphan-maker 400 gone, now 1)',
    );
    const bashCpu = trace.traceEvents.filter((e) => e.ph === 'C' && e.pid === 100 && e.name === 'CPU %');
    expect(bashCpu.find((e) => e.ts === 21_000_000)!.args).toEqual({ 'CPU %': 47 });
    const queue = trace.traceEvents.find((e) => e.name === 'process_name' && e.args!.name === 'queue experiment 3')!;
    expect(trace.traceEvents.filter((e) => e.ph === 'C' && e.pid === queue.pid && e.name === 'queue depth')).toHaveLength(5);
    expect(trace.traceEvents.some((e) => e.ph === 'i' && e.pid === queue.pid && e.name === 'queue finished')).toBe(true);
  });

  it('exports an empty recording as a valid, empty trace', () => {
    const empty: Recording = { ...recording, records: [], keyframes: [], durationMs: 0 };
    const out = toTraceEvents(empty);
    expect(out.traceEvents).toEqual([]);
    expect(validateTrace(out, empty)).toEqual([]);
  });
});
