// bench/recording: a one-hour recording of this machine at ~500 processes with ordinary churn.
// Captures real sampler events for a while (default 60 s at a 1 s interval), repeats and
// time-shifts that capture to an hour (processes started in the capture get new start times per
// repetition, so they stay distinct), writes it with RecordingWriter, then prints the file size
// per hour, the open time and seek times to random points.
// `npm run bench -- recording [--json] [--processes N] [--capture-seconds N] [--seeks N] [--out FILE]`
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineEvent, SamplerEvent } from '../src/shared/events';
import { processKey, type ProcessInfo } from '../src/shared/model';
import { appVersion, builtMainFile } from '../src/main/paths';
import { reaperPidsFromEnv } from '../src/main/engine/analysis/reapers';
import { currentPlatform } from '../src/main/engine/platform';
import { createProcessReader, Sampler } from '../src/main/engine/sampler';
import { SamplingSession } from '../src/main/engine/sampler/session';
import { openRecording } from '../src/main/engine/recorder/reader';
import { stateAt } from '../src/main/engine/recorder/timeline';
import { RecordingWriter } from '../src/main/engine/recorder/writer';
import { median, Population, timeMs, timeMsAsync } from './lib/population';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    processes: { type: 'string', default: '500' },
    'capture-seconds': { type: 'string', default: '60' },
    seeks: { type: 'string', default: '200' },
    /** Keep the one-hour recording here (e.g. to open it in the Replay view). */
    out: { type: 'string' },
  },
});
const wanted = Number(values.processes);
const captureSeconds = Number(values['capture-seconds']);
const seeks = Number(values.seeks);
const HOUR_MS = 3_600_000;
const INTERVAL_MS = 1000;
if (process.platform === 'win32') {
  console.error('bench recording: the population and churn use sh and sleep; run it on Linux or macOS');
  process.exit(2);
}
const say = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

// ── the capture ────────────────────────────────────────────────────────────────────────────
const reader = createProcessReader().reader;
const baseline = reader.read().length;
const population = await Population.create(Math.max(0, wanted - baseline), 0);
const churn = new Set<ChildProcess>();
let churnTimer: NodeJS.Timeout | undefined;
const dir = mkdtempSync(join(tmpdir(), 'forkscope-bench-recording-'));
let sampler: Sampler | undefined;
try {
  for (let waited = 0; reader.read().length < wanted - 5; waited += 100) {
    if (waited > 60_000) throw new Error(`the population did not reach ${wanted} processes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Ordinary churn: three short-lived processes a second, each living 0.3–2.5 s.
  let n = 0;
  churnTimer = setInterval(() => {
    const child = spawn('sleep', [(0.3 + ((n++ * 0.37) % 2.2)).toFixed(2)], { stdio: 'ignore' });
    churn.add(child);
    child.once('exit', () => churn.delete(child));
  }, 333);

  const batches: SamplerEvent[][] = [];
  const worker = builtMainFile('sampler-worker.js');
  let source: string;
  if (existsSync(worker)) {
    source = 'Sampler (worker thread)';
    sampler = new Sampler({ intervalMs: INTERVAL_MS });
    sampler.onEvents((events) => batches.push(events));
    while (batches.length < captureSeconds) await sampler.nextTick();
    await sampler.stop();
    sampler = undefined;
  } else {
    // The same session the worker runs, in this thread: the worker file exists only after a build.
    source = `SamplingSession in-process (${worker} is not built)`;
    const session = new SamplingSession(reader, { platform: currentPlatform(), reaperPids: reaperPidsFromEnv(), keyframeEvery: 10 });
    for (let i = 0; i < captureSeconds; i++) {
      batches.push(session.tick().events);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  }
  clearInterval(churnTimer);
  churnTimer = undefined;
  say(`captured ${batches.length} ticks from ${source}`);

  // ── an hour from the capture ─────────────────────────────────────────────────────────────
  const hour = hourFromCapture(batches);
  const path = values.out ?? join(dir, 'hour.fsrec');
  const startedAt = hour[0]![0]!.t;
  let now = startedAt;
  const writer = await RecordingWriter.create(
    path,
    { forkscopeVersion: appVersion(), platform: currentPlatform(), host: hostname(), intervalMs: INTERVAL_MS, startedAt },
    { clock: () => now },
  );
  const writeMs = await timeMsAsync(async () => {
    for (const batch of hour) {
      now = batch[0]?.t ?? now;
      writer.record(batch);
    }
    await writer.close();
  });
  if (writer.error) throw new Error(writer.error.message);
  const bytes = statSync(path).size;

  const openMs: number[] = [];
  let recording;
  for (let i = 0; i < 3; i++) {
    let result: Awaited<ReturnType<typeof openRecording>> | undefined;
    openMs.push(await timeMsAsync(async () => (result = await openRecording(path))));
    if (!result!.ok) throw new Error(result!.error.message);
    recording = result!.value;
  }
  const seekMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < seeks; i++) {
    const at = Math.random() * recording!.durationMs;
    seekMs.push(timeMs(() => (rows = stateAt(recording!, at).snapshot.processes.length)));
  }
  seekMs.sort((a, b) => a - b);
  const p95 = seekMs[Math.min(seekMs.length - 1, Math.floor(seekMs.length * 0.95))]!;

  const captureMinutes = (batches.length * INTERVAL_MS) / 60_000;
  const starts = batches.flat().filter((e) => e.type === 'started').length;
  const firstKeyframe = batches.flat().find((e) => e.type === 'keyframe');
  const result = {
    bench: 'recording',
    source,
    population: firstKeyframe?.type === 'keyframe' ? firstKeyframe.snapshot.processes.length : null,
    churnPerMinute: Math.round(starts / captureMinutes),
    captureSeconds: batches.length,
    recordedMs: recording!.durationMs,
    records: recording!.records.length,
    keyframes: recording!.keyframes.length,
    bytes,
    mbPerHour: (bytes / 1024 / 1024) * (HOUR_MS / recording!.durationMs),
    writeMs,
    openMsMedian: median(openMs),
    seekMsMedian: median(seekMs),
    seekMsP95: p95,
    rowsAtLastSeek: rows,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const f = (v: number, d = 1) => v.toFixed(d).padStart(8);
    process.stdout.write(
      [
        `population ${result.population} processes, churn ${result.churnPerMinute} process starts/min (from ${result.captureSeconds} s captured; ${source})`,
        `one-hour recording: ${result.records.toLocaleString('en')} records, ${result.keyframes} keyframes, written in ${f(writeMs / 1000)} s`,
        `  file size per hour     ${f(result.mbPerHour, 2)} MB   (target < 20 MB: ${(result.mbPerHour / 20).toFixed(2)} × target)`,
        `  open (median of 3)     ${f(result.openMsMedian)} ms`,
        `  seek median            ${f(result.seekMsMedian, 2)} ms   (target < 200 ms: ${(result.seekMsMedian / 200).toFixed(3)} × target)`,
        `  seek p95               ${f(result.seekMsP95, 2)} ms   (${seeks} random points)`,
      ].join('\n') + '\n',
    );
  }
} finally {
  if (churnTimer) clearInterval(churnTimer);
  await sampler?.stop();
  for (const child of churn) child.kill('SIGKILL');
  await Promise.all(
    [...churn].map(
      (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve))),
    ),
  );
  population.destroy();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Repeats the capture to an hour. Processes present at the capture's start that live through it
 * are the same processes in every repetition; those that ended during it are gone after the
 * first; those started during it are new processes each time (their start time moves with the
 * repetition), and any still running at the capture's end are ended there, so the table never
 * accumulates copies.
 */
function hourFromCapture(batches: SamplerEvent[][]): EngineEvent[][] {
  const first = batches[0]!.find((e) => e.type === 'keyframe');
  if (first?.type !== 'keyframe') throw new Error('the capture does not start with a keyframe');
  const initial = new Set(first.snapshot.processes.map(processKey));
  const endedInCapture = new Set<string>();
  const startedInCapture = new Map<string, ProcessInfo>();
  for (const e of batches.flat()) {
    if (e.type === 'ended') endedInCapture.add(processKey(e));
    if (e.type === 'started' && !initial.has(processKey(e.process))) startedInCapture.set(processKey(e.process), e.process);
  }
  const span = batches.at(-1)![0]!.t - batches[0]![0]!.t + INTERVAL_MS;
  const reps = Math.ceil(HOUR_MS / span);
  const hour: EngineEvent[][] = [];
  for (let rep = 0; rep < reps; rep++) {
    const shift = rep * span;
    // Start times in clock ticks: far apart per repetition, so no two copies share an identity.
    const startShift = rep * 1e9;
    /** Undefined: drop this event's process in this repetition. */
    const identity = (p: { pid: number; startTime: number }): { startTime: number } | undefined => {
      const key = processKey(p);
      if (initial.has(key)) return rep === 0 || !endedInCapture.has(key) ? { startTime: p.startTime } : undefined;
      return { startTime: p.startTime + startShift };
    };
    const moveInfo = (p: ProcessInfo): ProcessInfo | undefined => {
      const id = identity(p);
      return id && { ...p, ...id, startedAt: initial.has(processKey(p)) ? p.startedAt : p.startedAt + shift };
    };
    for (const batch of batches) {
      const out: EngineEvent[] = [];
      for (const e of batch) {
        const t = e.t + shift;
        switch (e.type) {
          case 'keyframe': {
            const processes = e.snapshot.processes.flatMap((p) => moveInfo(p) ?? []);
            out.push({
              ...e,
              t,
              snapshot: {
                ...e.snapshot,
                takenAt: t,
                processes,
                zombies: processes.filter((p) => p.zombie).map((p) => p.pid),
                orphans: processes.filter((p) => p.orphan).map((p) => p.pid),
              },
            });
            break;
          }
          case 'started': {
            const process = moveInfo(e.process);
            if (process) out.push({ ...e, t, process });
            break;
          }
          case 'sample':
            out.push({ ...e, t, changes: e.changes.flatMap((c) => (identity(c) ? [{ ...c, ...identity(c) }] : [])) });
            break;
          case 'system':
          case 'lifecycle':
          case 'events-lost':
            out.push({ ...e, t });
            break;
          default: {
            const id = identity(e);
            if (id) out.push({ ...e, t, ...id });
          }
        }
      }
      hour.push(out);
    }
    // Processes started in the capture and still running at its end end here.
    const lastT = batches.at(-1)![0]!.t + shift;
    const survivors = [...startedInCapture.values()].filter((p) => !endedInCapture.has(processKey(p)));
    if (survivors.length)
      hour.at(-1)!.push(
        ...survivors.map((p): EngineEvent => ({
          type: 'ended',
          t: lastT,
          pid: p.pid,
          startTime: p.startTime + startShift,
          ppid: p.ppid,
          name: p.name,
        })),
      );
  }
  return hour;
}
