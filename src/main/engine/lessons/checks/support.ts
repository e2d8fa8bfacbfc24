import { processKey } from '../../../../shared/model';
import { lessonText } from '../../../../shared/lesson-text/format';
import { msg, type EvidenceLine, type EvidenceSource, type LessonMessage, type LessonParam } from '../../../../shared/lesson-text/message';
import { exitedHow, who } from '../run-tracker';
import type { CheckResult, LessonObservation, Mark, RunObservation, SeenProcess, Tick } from '../types';

export { code, msg } from '../../../../shared/lesson-text/message';
export { exitedHow, who };

/**
 * Where a sentence's evidence came from: the engine's own observations, the program's marks, both,
 * or what multiprocessing counted through Forkscope's probe (with the marks).
 */
export type Source = EvidenceSource;

/**
 * Collects a check's sentences: criteria (✓ or ✗) that decide the outcome, and notes (·) for
 * what was seen but may differ from run to run, which never decide it.
 */
export class Verdict {
  private readonly lines: EvidenceLine[] = [];
  private passed = true;

  expect(condition: boolean, source: Source, message: LessonMessage): boolean {
    if (!condition) this.passed = false;
    this.lines.push({ verdict: condition ? 'pass' : 'fail', source, message });
    return condition;
  }

  note(source: Source, message: LessonMessage): void {
    this.lines.push({ verdict: 'note', source, message });
  }

  /** The lines in English as well (`✓ [engine] …`), as `lesson run --json` and older clients read them. */
  result(): CheckResult {
    const mark = { pass: '✓', fail: '✗', note: '·' } as const;
    return {
      passed: this.passed,
      evidence: this.lines.map((l) => `${mark[l.verdict]} [${l.source}] ${lessonText('en', l.message)}`),
      evidenceLines: this.lines,
    };
  }
}

/** Questions a check asks of one run, with times said relative to its start ("+1.25 s"). */
export class RunView {
  constructor(readonly run: RunObservation) {}

  get root(): SeenProcess {
    return this.run.root;
  }

  at(t: number | null): LessonMessage {
    return t === null ? msg('unknownTime') : msg('at', { s: ((t - this.run.spawnedAt) / 1000).toFixed(2) });
  }

  /** When it was first seen, or (never sampled) when the OS says it started. */
  seenAt(p: SeenProcess): LessonMessage {
    return this.at(p.firstTick !== null ? this.tick(p.firstTick).t : p.startedAt);
  }

  lastSeenAt(p: SeenProcess): LessonMessage {
    return this.at(p.lastTick !== null ? this.tick(p.lastTick).t : null);
  }

  /**
   * The last tick that saw it running, not as a zombie. With kernel events a process is a zombie from its exit until a
   * later read of /proc shows it reaped, so it can still be in the table when the next process forks.
   */
  lastAliveTick(p: SeenProcess): number | null {
    const key = processKey(p);
    for (let i = this.run.ticks.length - 1; i >= 0; i--) if (this.run.ticks[i]!.alive.includes(key)) return i;
    return null;
  }

  lastRunningAt(p: SeenProcess): LessonMessage {
    const index = this.lastAliveTick(p);
    return this.at(index !== null ? this.tick(index).t : null);
  }

  tick(index: number): Tick {
    return this.run.ticks[index]!;
  }

  /** The process with this pid (the latest one, were the pid reused). */
  byPid(pid: unknown): SeenProcess | undefined {
    return this.run.processes.filter((p) => p.pid === pid).at(-1);
  }

  childrenOf(parent: SeenProcess): SeenProcess[] {
    return this.run.processes.filter((p) => !p.root && p.parentPid === parent.pid && p.startTime >= parent.startTime).sort(byStart);
  }

  marks(kind: string, where: (mark: Mark) => boolean = () => true): Mark[] {
    return this.run.marks.filter((m) => m.kind === kind && where(m));
  }

  mark(kind: string, where?: (mark: Mark) => boolean): Mark | undefined {
    return this.marks(kind, where)[0];
  }

  /** Position in the marks file: appends are ordered, so this orders marks across processes. */
  order(mark: Mark | undefined): number {
    return mark ? this.run.marks.indexOf(mark) : -1;
  }

  aliveIn(p: SeenProcess, tick: Tick): boolean {
    return tick.alive.includes(processKey(p));
  }

  /** The first sample, strictly between two moments, that showed the process running. */
  aliveBetween(p: SeenProcess, from: number, to: number): Tick | undefined {
    return this.run.ticks.find((tick) => tick.t > from && tick.t < to && this.aliveIn(p, tick));
  }

  /** The sample that showed the most of these processes running at once. */
  mostAliveAtOnce(ps: SeenProcess[]): { tick: Tick | undefined; alive: SeenProcess[] } {
    let best: { tick: Tick | undefined; alive: SeenProcess[] } = { tick: undefined, alive: [] };
    for (const tick of this.run.ticks) {
      const alive = ps.filter((p) => this.aliveIn(p, tick));
      if (alive.length > best.alive.length) best = { tick, alive };
    }
    return best;
  }

  /** It ended by itself, and the engine saw it go. */
  endedOnItsOwn(p: SeenProcess): boolean {
    return p.endedTick !== null && p.killedByForkscope === null;
  }
}

export function byStart(a: SeenProcess, b: SeenProcess): number {
  return a.startTime - b.startTime || a.pid - b.pid;
}

/** Pids as a list parameter (joined the language's way; none, when empty). */
export function list(ps: readonly { pid: number }[]): LessonParam[] {
  return ps.map((p) => p.pid);
}

/** A value the program marked, as code, or "unknown". */
export function value(v: unknown): LessonParam {
  return v === undefined || v === null ? msg('unknown') : { code: typeof v === 'string' ? v : JSON.stringify(v) };
}

/** Seconds with a unit, in the language shown ("6.0 s", "6.0 秒"). */
export function seconds(ms: number, digits = 1): LessonMessage {
  return msg('seconds', { s: (ms / 1000).toFixed(digits) });
}

export function runOf(observation: LessonObservation, id = 'main'): RunView {
  const run = observation.runs.find((r) => r.run === id);
  if (!run) throw new Error(`lesson ${observation.lesson} has no run named ${id}`);
  return new RunView(run);
}

/** The process that wrote a mark, or a failed criterion saying the engine never saw it. */
export function processOfMark(verdict: Verdict, view: RunView, mark: Mark | undefined, what: LessonMessage): SeenProcess | undefined {
  if (!mark) {
    verdict.expect(false, 'program', msg('ev.neverMarked', { what }));
    return undefined;
  }
  const p = view.byPid(mark.pid);
  if (!p || p.firstTick === null) verdict.expect(false, 'engine + program', msg('ev.neverSampled', { what, pid: mark.pid }));
  return p && p.firstTick !== null ? p : undefined;
}

/** A run that should end by itself did: no timeout, exit code 0 from its main process, and nothing left running. */
export function endedCleanly(verdict: Verdict, view: RunView): void {
  const { run, root } = view;
  const label = run.run === 'main' ? msg('theLesson') : msg('theVersion', { run: run.run });
  if (run.timedOut) {
    verdict.expect(
      false,
      'engine',
      msg('ev.didNotFinish', { label, within: seconds(run.timeoutMs), ended: list(run.processes.filter((p) => p.killedByForkscope)) }),
    );
    return;
  }
  const exit = root.exit;
  verdict.expect(
    exit?.code === 0,
    'engine',
    msg('ev.mainExited', {
      label,
      who: who(root),
      how: exit ? exitedHow(exit) : msg('exitedUnseen'),
      count: run.processes.length,
    }),
  );
  leftNothing(verdict, view);
}

/** Nothing of the run is still running (a zombie adopted by a reaper that never reaps is named, and fails). */
export function leftNothing(verdict: Verdict, view: RunView): void {
  const left = view.run.leftBehind;
  verdict.expect(
    left.length === 0,
    'engine',
    left.length === 0 ? msg('ev.nothingLeft') : msg('ev.leftBehind', { left: left.map((p) => msg('childOf', { who: who(p), ppid: p.lastPpid })) }),
  );
}

/** A version that blocks forever: it was still blocked when the timeout came, then ended by Forkscope, leaving nothing. */
export function stoppedByTimeout(verdict: Verdict, view: RunView, blocked: SeenProcess[], why: LessonMessage): void {
  const { run } = view;
  const tick = run.killTick !== null ? view.tick(run.killTick) : undefined;
  verdict.expect(
    run.timedOut,
    'engine',
    run.timedOut ? msg('ev.timedOut', { run: run.run, after: seconds(run.timeoutMs) }) : msg('ev.finishedThoughBlocks', { run: run.run }),
  );
  if (!run.timedOut) return;
  const stillThere = tick ? blocked.filter((p) => view.aliveIn(p, tick)) : [];
  verdict.expect(
    blocked.length > 0 && stillThere.length === blocked.length,
    'engine',
    msg(stillThere.length ? 'ev.stillBlocked' : 'ev.noneStillBlocked', {
      at: view.at(tick?.t ?? null),
      still: list(stillThere),
      count: stillThere.length,
      of: list(blocked),
      why,
    }),
  );
  const ended = run.processes.filter((p) => p.killedByForkscope);
  verdict.note(
    'engine',
    ended.length
      ? msg('ev.forkscopeEnded', { ended: ended.map((p) => msg('endedBy', { pid: p.pid, name: p.name, how: p.killedByForkscope ?? '' })) })
      : msg('ev.forkscopeEndedNothing'),
  );
  leftNothing(verdict, view);
}
