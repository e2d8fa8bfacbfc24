import type { EvidenceLine, LessonMessage } from '../../../shared/lesson-text/message';
import type { ProcessKey } from '../../../shared/model';
import type { ProgramPython } from '../../../shared/python-program';
export type LessonEngine = 'python' | 'node';
export const LESSON_ENGINES: readonly LessonEngine[] = ['python', 'node'];
export type LessonLanguage = 'en' | 'zh-CN';
export const LESSON_LANGUAGES: readonly LessonLanguage[] = ['en', 'zh-CN'];

/**
 * A fact only the program knows (a variable's value, an exception's class), written by the
 * lesson's helper as one JSON line to the file in FORKSCOPE_LESSON_MARKS: never read from stdout.
 */
export interface Mark {
  /** Epoch ms, from the program's own clock (the same wall clock the engine stamps events with). */
  t: number;
  pid: number;
  ppid: number;
  kind: string;
  [fact: string]: unknown;
}

/** One process of a lesson's subtree, as the engine's sampler and supervisor saw it. */
export interface SeenProcess {
  pid: number;
  startTime: number;
  name: string;
  cmd: string;
  /** Its parent when first seen. */
  parentPid: number;
  /** Its parent when last seen: differs after a re-parenting. */
  lastPpid: number;
  /** Epoch ms when it started, as the OS tells it (coarse; `startTime` orders processes exactly). */
  startedAt: number;
  /** Index into `ticks` of the first and last sample that showed it (null: never sampled). */
  firstTick: number | null;
  lastTick: number | null;
  /** The first sample that no longer showed it (null: still there when the run ended, or never seen). */
  endedTick: number | null;
  /** Epoch ms of that sample: when the engine noticed the end. */
  endedAt: number | null;
  /** The first sample that showed it as a zombie. */
  zombieTick: number | null;
  reparented: Array<{ tick: number; t: number; from: number; to: number }>;
  /** Set when the sampler called it an orphan: its parent ended and a reaper adopted it. */
  formerParent: { pid: number; name: string } | null;
  root: boolean;
  /** Its exit status, when Forkscope reaped it: the root, and any process Forkscope adopted (a child subreaper reaps its orphans). */
  exit: { code: number | null; signal: string | null } | null;
  /** The Forkscope process that adopted it as an orphan (a child subreaper), or null. */
  adoptedBy: number | null;
  /** Forkscope ended it after the run (a timeout, or a leftover); how. */
  killedByForkscope: string | null;
}

/** One sample of the lesson's subtree: which of its processes were there, running or as zombies. */
export interface Tick {
  index: number;
  /** Epoch ms when the sampler read the process table. */
  t: number;
  alive: ProcessKey[];
  zombies: ProcessKey[];
}

/** One run of a lesson's program (most lessons have one; a wrong version that blocks is a second). */
export interface RunObservation {
  run: string;
  args: string[];
  /** This version never ends by itself: it was meant to be stopped by the timeout. */
  blocks: boolean;
  /** Epoch ms when the program was spawned. */
  spawnedAt: number;
  timeoutMs: number;
  timedOut: boolean;
  /** The tick index of the last sample before Forkscope started ending processes (timeout or leftovers), or null. */
  killTick: number | null;
  root: SeenProcess;
  processes: SeenProcess[];
  ticks: Tick[];
  marks: Mark[];
  /** Processes of the run still there (not even as zombies of a reaper that never reaps) once it was over. */
  leftBehind: SeenProcess[];
  output: string;
  /** The program as multiprocessing counted it, through Forkscope's probe (a lesson that asks for it, python engine only). */
  python?: ProgramPython;
}

/** Everything a check may look at: the engine's observations of every run, plus the program's marks. */
export interface LessonObservation {
  lesson: string;
  engine: LessonEngine;
  timeScale: number;
  runs: RunObservation[];
}

export interface CheckResult {
  passed: boolean;
  /** Sentences naming pids and times, each saying where its evidence came from: in English. */
  evidence: string[];
  /** The same sentences as messages, for the UI and `lesson run --lang` to say in their language. */
  evidenceLines: EvidenceLine[];
}

export type LessonCheck = (observation: LessonObservation) => CheckResult;

/** A line of the lesson's timeline, for people: what the engine saw, and what the program marked. */
export interface Observation {
  t: number;
  run: string;
  source: 'engine' | 'program' | 'forkscope';
  pid: number | null;
  /** In English. */
  text: string;
  /** The line as a message, said in the language shown. */
  message?: LessonMessage;
}

export interface LessonResult {
  lesson: string;
  engine: LessonEngine;
  timeScale: number;
  passed: boolean;
  observations: Observation[];
  evidence: string[];
  evidenceLines: EvidenceLine[];
  /** Some run was stopped by its timeout (expected for a version that blocks). */
  timedOut: boolean;
  /** The program's stdout and stderr, for display only: nothing is checked from it. */
  output: string;
}
