import { processKey } from '../../../../shared/model';
import { who } from '../run-tracker';
import type { CheckResult, LessonObservation, Mark, RunObservation, SeenProcess, Tick } from '../types';

export { who };

/**
 * Where a sentence's evidence came from: the engine's own observations, the program's marks, both,
 * or what multiprocessing counted through Forkscope's probe (with the marks).
 */
export type Source = 'engine' | 'program' | 'engine + program' | 'probe' | 'probe + program';

/**
 * Collects a check's sentences: criteria (✓ or ✗) that decide the outcome, and notes (·) for
 * what was seen but may differ from run to run, which never decide it.
 */
export class Verdict {
  private readonly lines: string[] = [];
  private passed = true;

  expect(condition: boolean, source: Source, text: string): boolean {
    if (!condition) this.passed = false;
    this.lines.push(`${condition ? '✓' : '✗'} [${source}] ${text}`);
    return condition;
  }

  note(source: Source, text: string): void {
    this.lines.push(`· [${source}] ${text}`);
  }

  result(): CheckResult {
    return { passed: this.passed, evidence: this.lines };
  }
}

/** Questions a check asks of one run, with times said relative to its start ("+1.25 s"). */
export class RunView {
  constructor(readonly run: RunObservation) {}

  get root(): SeenProcess {
    return this.run.root;
  }

  at(t: number | null): string {
    return t === null ? 'an unknown time' : `+${((t - this.run.spawnedAt) / 1000).toFixed(2)} s`;
  }

  /** When it was first seen, or (never sampled) when the OS says it started. */
  seenAt(p: SeenProcess): string {
    return this.at(p.firstTick !== null ? this.tick(p.firstTick).t : p.startedAt);
  }

  lastSeenAt(p: SeenProcess): string {
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

  lastRunningAt(p: SeenProcess): string {
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

export function list(ps: readonly { pid: number }[]): string {
  return ps.map((p) => p.pid).join(', ') || 'none';
}

export function runOf(observation: LessonObservation, id = 'main'): RunView {
  const run = observation.runs.find((r) => r.run === id);
  if (!run) throw new Error(`lesson ${observation.lesson} has no run named ${id}`);
  return new RunView(run);
}

/** The process that wrote a mark, or a failed criterion saying the engine never saw it. */
export function processOfMark(verdict: Verdict, view: RunView, mark: Mark | undefined, what: string): SeenProcess | undefined {
  if (!mark) {
    verdict.expect(false, 'program', `the program never marked ${what}`);
    return undefined;
  }
  const p = view.byPid(mark.pid);
  if (!p || p.firstTick === null) verdict.expect(false, 'engine + program', `${what} was process ${mark.pid}, but the sampler never saw it`);
  return p && p.firstTick !== null ? p : undefined;
}

/** A run that should end by itself did: no timeout, exit code 0 from its main process, and nothing left running. */
export function endedCleanly(verdict: Verdict, view: RunView): void {
  const { run, root } = view;
  const label = run.run === 'main' ? 'the lesson' : `the ${run.run} version`;
  if (run.timedOut) {
    verdict.expect(
      false,
      'engine',
      `${label} did not finish within ${(run.timeoutMs / 1000).toFixed(1)} s; Forkscope stopped it and ended ${list(run.processes.filter((p) => p.killedByForkscope))}`,
    );
    return;
  }
  const exit = root.exit;
  verdict.expect(
    exit?.code === 0,
    'engine',
    `${label}'s main process ${who(root)} exited ${exit ? (exit.signal ? `by ${exit.signal}` : `with code ${exit.code}`) : 'without Forkscope seeing its exit'}; ` +
      `${run.processes.length} process${run.processes.length === 1 ? '' : 'es'} took part`,
  );
  leftNothing(verdict, view);
}

/** Nothing of the run is still running (a zombie adopted by a reaper that never reaps is named, and fails). */
export function leftNothing(verdict: Verdict, view: RunView): void {
  const left = view.run.leftBehind;
  verdict.expect(
    left.length === 0,
    'engine',
    left.length === 0 ? 'no process of it was left behind' : `left behind: ${left.map((p) => `${who(p)}, child of ${p.lastPpid}`).join('; ')}`,
  );
}

/** A version that blocks forever: it was still blocked when the timeout came, then ended by Forkscope, leaving nothing. */
export function stoppedByTimeout(verdict: Verdict, view: RunView, blocked: SeenProcess[], why: string): void {
  const { run } = view;
  const tick = run.killTick !== null ? view.tick(run.killTick) : undefined;
  verdict.expect(
    run.timedOut,
    'engine',
    run.timedOut
      ? `the ${run.run} version had not finished after ${(run.timeoutMs / 1000).toFixed(1)} s, so Forkscope stopped it`
      : `the ${run.run} version finished by itself, though it should block forever`,
  );
  if (!run.timedOut) return;
  const stillThere = tick ? blocked.filter((p) => view.aliveIn(p, tick)) : [];
  verdict.expect(
    blocked.length > 0 && stillThere.length === blocked.length,
    'engine',
    `in the last sample before the timeout (${view.at(tick?.t ?? null)}), ${stillThere.length ? list(stillThere) : 'none of them'} ` +
      `${stillThere.length === 1 ? 'was' : 'were'} still running (of ${list(blocked)}): ${why}`,
  );
  const ended = run.processes.filter((p) => p.killedByForkscope);
  verdict.note('engine', `Forkscope ended ${ended.map((p) => `${who(p)} (${p.killedByForkscope})`).join(', ') || 'nothing'}`);
  leftNothing(verdict, view);
}
