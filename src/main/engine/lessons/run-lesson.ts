import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent, SamplerEvent } from '../../../shared/events';
import { processKey, type Snapshot } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import { unpackedResourcesDir } from '../../paths';
import { dispatchInternal } from '../dispatch';
import { ProgramQueueWatch } from '../queue-lab/program-queues';
import { requirePython } from '../queue-lab/python';
import { readProcess, readProcessTable, Sampler } from '../sampler';
import { Supervisor } from '../supervisor/supervisor';
import { enginesOf, findLesson, lessonFile, type Lesson, type LessonRun } from './catalog';
import { lessonText } from '../../../shared/lesson-text/format';
import { code, msg, type LessonMessage } from '../../../shared/lesson-text/message';
import { RunTracker, who } from './run-tracker';
import type { LessonEngine, LessonObservation, LessonResult, Mark, Observation, RunObservation, SeenProcess } from './types';

export type { LessonResult } from './types';

export interface RunLessonOptions {
  engine: LessonEngine;
  /** Multiplies every pause in the lesson (default 1); raised to the lesson's minTimeScale when lower. */
  timeScale?: number;
  /** Each engine event about the lesson's processes, as it happens (for a live view). */
  onEvent?: (event: EngineEvent) => void;
  /** Each line of the timeline as it is known (program marks come after each run). */
  onObservation?: (observation: Observation) => void;
  /** Stops the lesson: its processes are ended and the promise rejects. */
  signal?: AbortSignal;
  /**
   * The engine's sampler and supervisor, when it has them; otherwise the lesson starts its own,
   * sampling every 100 ms. A slower sampler can miss the short-lived processes of a fast time scale.
   */
  sampler?: Sampler;
  supervisor?: Supervisor;
}

/** How often the lesson's own sampler reads the process table (the sampler's fastest). */
const SAMPLE_MS = 100;
/** Time for the interpreter to start, added to every run's timeout. */
const STARTUP_MS = 1500;
/** A run that should end gets this much on top of its scaled bound. */
const SAFETY_MS = 10_000;
/** TERM, then KILL after this, when Forkscope ends a run's processes. */
const KILL_GRACE_MS = 300;
/** After the kill, how long to wait for the sampler to see every process gone. */
const SETTLE_MS = 3000;

/**
 * Runs one lesson headless and checks it: spawns the program in a session of its own, follows
 * its whole subtree with the sampler, collects the program's marks, stops a run that outlives
 * its timeout, ends whatever of it is still running afterwards (a daemon survivor, an orphan
 * re-parented away), and judges what was observed.
 */
export async function runLesson(name: string, options: RunLessonOptions): Promise<LessonResult> {
  const lesson = findLesson(name);
  const { engine } = options;
  if (engine !== 'python' && engine !== 'node')
    throw new ForkscopeError('invalid-request', `the engine must be python or node, not ${JSON.stringify(engine)}`);
  const file = join(unpackedResourcesDir(), 'lessons', engine, lessonFile(lesson, engine));
  const command = engine === 'python' ? pythonCommand(lesson) : process.execPath;
  const timeScale = effectiveTimeScale(lesson, options.timeScale ?? 1);

  const sampler = options.sampler ?? new Sampler({ intervalMs: SAMPLE_MS, keyframeEvery: 20 });
  const supervisor = options.supervisor ?? new Supervisor();
  const marksDir = mkdtempSync(join(tmpdir(), 'forkscope-lesson-'));
  const runs: RunObservation[] = [];
  const observations: Observation[] = [];
  try {
    if (!options.sampler) await sampler.nextTick();
    for (const run of lesson.runs) {
      if (options.signal?.aborted) break;
      const observed = await observeRun({
        lesson,
        run,
        engine,
        command,
        file,
        timeScale,
        sampler,
        supervisor,
        marksFile: join(marksDir, `${run.id}.jsonl`),
        options,
      });
      runs.push(observed.run);
      observations.push(...observed.observations);
    }
  } finally {
    if (!options.sampler) await sampler.stop();
    if (!options.supervisor) await supervisor.dispose(KILL_GRACE_MS);
    rmSync(marksDir, { recursive: true, force: true });
  }
  if (options.signal?.aborted) throw new ForkscopeError('refused', `lesson ${lesson.name} was stopped before it finished; its processes were ended`);

  const observation: LessonObservation = { lesson: lesson.name, engine, timeScale, runs };
  const verdict = lesson.check(observation);
  return {
    lesson: lesson.name,
    engine,
    timeScale,
    passed: verdict.passed,
    observations: observations.sort((a, b) => a.t - b.t),
    evidence: verdict.evidence,
    evidenceLines: verdict.evidenceLines,
    timedOut: runs.some((r) => r.timedOut),
    output: runs.map((r) => (lesson.runs.length > 1 ? `── ${r.run} ──\n${r.output}` : r.output)).join('\n'),
  };
}

function pythonCommand(lesson: Lesson): string {
  try {
    return requirePython();
  } catch {
    const node = enginesOf(lesson).includes('node') ? ` or run its node version (--engine node)` : '';
    throw new ForkscopeError(
      'unsupported',
      `python3 was not found on PATH (or is older than 3.8): the python version of lesson ${lesson.name} needs it; install Python 3.8 or newer${node}`,
    );
  }
}

function effectiveTimeScale(lesson: Lesson, asked: number): number {
  if (!Number.isFinite(asked) || asked <= 0 || asked > 10)
    throw new ForkscopeError('invalid-request', `the time scale must be above 0 and at most 10, not ${asked}`);
  return Math.max(asked, lesson.minTimeScale ?? 0);
}

/** Scaled timeout for one run: a blocking version's show time, or a generous bound for one that ends. */
export function runTimeoutMs(run: LessonRun, timeScale: number): number {
  return Math.round(STARTUP_MS + run.timeoutMs * timeScale + (run.blocks ? 0 : SAFETY_MS));
}

interface RunContext {
  lesson: Lesson;
  run: LessonRun;
  engine: LessonEngine;
  command: string;
  file: string;
  timeScale: number;
  sampler: Sampler;
  supervisor: Supervisor;
  marksFile: string;
  options: RunLessonOptions;
}

async function observeRun(context: RunContext): Promise<{ run: RunObservation; observations: Observation[] }> {
  const { run, sampler, supervisor, options } = context;
  const timeoutMs = runTimeoutMs(run, context.timeScale);
  let tracker: RunTracker | undefined;
  const buffered: Array<{ kind: 'supervisor'; event: EngineEvent } | { kind: 'tick'; events: SamplerEvent[]; snapshot: Snapshot | undefined }> = [];
  const ticked = new Set<() => void>();
  const forward = (event: EngineEvent): void => {
    if (tracker?.concerns(event)) options.onEvent?.(event);
  };
  const reportNew = (from: number): void => {
    if (!tracker || !options.onObservation) return;
    for (const o of tracker.observations.slice(from)) options.onObservation(o);
  };
  const applyTick = (events: SamplerEvent[], snapshot = sampler.current()): void => {
    const before = tracker!.observations.length;
    tracker!.onTick(events, snapshot ?? { takenAt: Date.now(), platform: 'linux', processes: [], zombies: [], orphans: [] });
    reportNew(before);
    events.forEach(forward);
  };
  const applySupervisor = (event: EngineEvent): void => {
    const before = tracker!.observations.length;
    tracker!.onSupervisorEvent(event);
    reportNew(before);
    forward(event);
  };
  const stopSupervisor = supervisor.onEvent((event) => (tracker ? applySupervisor(event) : buffered.push({ kind: 'supervisor', event })));
  const stopSampler = sampler.onEvents((events) => {
    if (!options.sampler) supervisor.observe(events);
    if (!tracker) buffered.push({ kind: 'tick', events, snapshot: sampler.current() });
    else applyTick(events);
    for (const wake of ticked) wake();
  });
  const nextTick = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        ticked.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      ticked.add(done);
    });

  let spawnedAt = Date.now();
  const probe = context.engine === 'python' && context.lesson.probe ? ProgramQueueWatch.open() : undefined;
  try {
    const args = context.engine === 'python' ? ['-u', '-B', context.file, ...run.args] : [context.file, ...run.args];
    // Through the engine-only spawn schema, as `forkscope run` is: the supervisor takes only checked requests.
    const spawned = await dispatchInternal({ 'supervisor:spawn': (request) => supervisor.spawn(request) }, 'supervisor:spawn', {
      command: context.command,
      args,
      cwd: join(unpackedResourcesDir(), 'lessons', context.engine),
      newSession: true,
      // Its own group, guarded: a lesson's processes go with Forkscope however it ends.
      guard: true,
      env: {
        FORKSCOPE_TIME_SCALE: String(context.timeScale),
        FORKSCOPE_LESSON_MARKS: context.marksFile,
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        ...probe?.env(),
      },
      ownRuntime: context.engine === 'node',
    });
    if (!spawned.ok) throw new ForkscopeError(spawned.error.kind, spawned.error.message);
    const [child] = spawned.value;
    spawnedAt = child!.startedAt;
    tracker = new RunTracker(run.id, { pid: child!.pid, startTime: child!.startTime, name: child!.name, startedAt: child!.startedAt });
    tracker.note(
      spawnedAt,
      child!.pid,
      msg('obs.forkscopeStarted', { who: who(child!), cmd: code([context.command, ...args].join(' ')) }),
      'forkscope',
    );
    reportNew(0);
    for (const item of buffered.splice(0)) {
      if (item.kind === 'tick') applyTick(item.events, item.snapshot);
      else applySupervisor(item.event);
    }

    const deadline = spawnedAt + timeoutMs;
    let timedOut = false;
    while (!tracker.finished()) {
      if (options.signal?.aborted) break;
      if (Date.now() >= deadline) {
        timedOut = true;
        break;
      }
      await nextTick(Math.min(SAMPLE_MS * 5, Math.max(1, deadline - Date.now())));
    }
    const killTick = tracker.ticks.length > 0 ? tracker.ticks.length - 1 : null;
    const why = timedOut
      ? msg(run.blocks ? 'obs.whyPlanned' : 'obs.whyTimeout', { after: msg('seconds', { s: (timeoutMs / 1000).toFixed(1) }) })
      : options.signal?.aborted
        ? msg('obs.whyStopped')
        : msg('obs.whyOver');
    const ended = await endLeftovers(tracker, supervisor, child!.pid);
    if (ended.length > 0 || timedOut) {
      const before = tracker.observations.length;
      tracker.note(Date.now(), null, msg(ended.length ? 'obs.ended' : 'obs.endedNothing', { why, ended }), 'forkscope');
      reportNew(before);
    }
    // Let the sampler see every end, so the check judges a complete record.
    const settle = Date.now() + SETTLE_MS;
    while (!tracker.finished() && Date.now() < settle) await nextTick(SAMPLE_MS * 2);
    await nextTick(SAMPLE_MS * 2);

    const marks = readMarks(context.marksFile);
    const markObservations: Observation[] = marks.map((m) => {
      const message = describeMark(m);
      return { t: m.t, run: run.id, source: 'program', pid: m.pid, text: lessonText('en', message), message };
    });
    if (options.onObservation) markObservations.forEach(options.onObservation);
    const processes = tracker.processes();
    const lastTick = tracker.ticks.at(-1);
    const leftBehind = lastTick ? processes.filter((p) => lastTick.alive.includes(processKey(p)) && stillRunning(p)) : [];
    return {
      run: {
        run: run.id,
        args: [...run.args],
        blocks: run.blocks ?? false,
        spawnedAt,
        timeoutMs,
        timedOut,
        killTick: timedOut || ended.length > 0 ? killTick : null,
        root: tracker.root,
        processes,
        ticks: tracker.ticks,
        marks,
        leftBehind,
        output: supervisor.logText(child!),
        ...(probe ? { python: (probe.close(), probe.python()) } : {}),
      },
      observations: [...tracker.observations, ...markObservations],
    };
  } finally {
    probe?.close();
    stopSupervisor();
    stopSampler();
    for (const wake of ticked) wake();
  }
}

function stillRunning(p: { pid: number; startTime: number }): boolean {
  const row = readProcess(p.pid);
  return row !== null && row.startTime === p.startTime && row.state !== 'zombie';
}

/**
 * Ends whatever of the run still runs: the root's tree, then every process the run ever had that
 * is still itself (pid + start time), wherever it was re-parented, then anything left in the
 * root's session that the sampler had not seen yet. Returns what it ended, for the timeline.
 */
async function endLeftovers(tracker: RunTracker, supervisor: Supervisor, rootPid: number): Promise<LessonMessage[]> {
  const ended: LessonMessage[] = [];
  const end = async (target: SeenProcess | { pid: number; startTime: number; name: string }): Promise<void> => {
    if (!stillRunning(target)) return;
    try {
      const report = await supervisor.kill(target, { tree: true, graceMs: KILL_GRACE_MS });
      for (const entry of report.entries) {
        if (entry.outcome !== 'terminated' && entry.outcome !== 'killed') continue;
        tracker.markKilled(entry, entry.outcome === 'killed' ? 'SIGKILL' : 'SIGTERM');
        ended.push(msg('endedBy', { pid: entry.pid, name: entry.name, how: entry.outcome === 'killed' ? 'SIGKILL' : 'SIGTERM' }));
      }
    } catch {
      // gone meanwhile, or became a zombie: nothing left to end
    }
  };
  await end(tracker.root);
  for (const p of tracker.processes()) await end(p);
  for (const row of readProcessTable()) {
    if (row.sid === rootPid && row.pid !== rootPid && row.state !== 'zombie') await end(row);
  }
  return ended;
}

function readMarks(file: string): Mark[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const marks: Mark[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const mark = JSON.parse(line) as Mark;
      if (typeof mark.kind === 'string' && typeof mark.pid === 'number' && typeof mark.t === 'number') marks.push(mark);
    } catch {
      // a line cut short by a kill: skip it
    }
  }
  return marks;
}

/** A mark as a timeline line: what the program wrote stays as it wrote it (code). */
function describeMark(mark: Mark): LessonMessage {
  const { t: _t, pid, ppid, kind, ...facts } = mark;
  const details = Object.entries(facts).map(([key, value]) => code(`${key} ${JSON.stringify(value)}`));
  return msg(details.length ? 'obs.markedFacts' : 'obs.marked', { pid, ppid, kind: code(kind), facts: details });
}
