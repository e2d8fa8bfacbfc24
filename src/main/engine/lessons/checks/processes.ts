import type { CheckResult, LessonObservation, SeenProcess } from '../types';
import { byStart, endedCleanly, list, processOfMark, runOf, Verdict, who } from './support';

/** Lesson 1: a child is a process of its own; its change to a global leaves the parent's copy alone. */
export function checkSeparate(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const children = view.childrenOf(root);
  const child = children[0];
  verdict.expect(
    children.length === 1 && child !== undefined,
    'engine',
    child
      ? `${who(root)} started ${who(child)} at ${view.seenAt(child)}: its own pid, and ${root.pid} as its parent (ppid)`
      : `${who(root)} was seen starting no child`,
  );
  const childMark = child && view.mark('counter', (m) => m.pid === child.pid);
  verdict.expect(
    childMark?.value === 100,
    'engine + program',
    `in the child ${child?.pid ?? '?'}, counter became ${String(childMark?.value ?? 'unknown')}`,
  );
  const parentMark = view.mark('counter', (m) => m.pid === root.pid);
  verdict.expect(
    parentMark?.value === 0 && view.order(parentMark) > view.order(childMark),
    'engine + program',
    `in the parent ${root.pid}, after the child had changed its copy, counter was still ${String(parentMark?.value ?? 'unknown')}`,
  );
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 2: ten children, each its own process; the order they run in is noted, never required. */
export function checkStartOrder(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const children = view.childrenOf(root);
  verdict.expect(children.length === 10, 'engine', `${who(root)} started ${children.length} children: ${list(children)}`);
  const ran = view.marks('ran');
  const numbers = new Set(ran.map((m) => m.number));
  const fromChildren = ran.every((m) => children.some((c) => c.pid === m.pid));
  verdict.expect(
    ran.length === 10 && numbers.size === 10 && fromChildren,
    'engine + program',
    `each number 0 to 9 ran once, each in one of those processes (${ran.length} marks, ${numbers.size} ` +
      `distinct numbers${fromChildren ? '' : ', some from processes the engine did not see as children'})`,
  );
  verdict.note('program', `this time they ran in the order ${ran.map((m) => String(m.number)).join(' ')}; another run may differ`);
  const after = view.order(view.mark('after-loop'));
  const before = ran.filter((m) => view.order(m) < after).length;
  verdict.note(
    'program',
    before === 0 ? "the parent's next line ran before any child's" : `${before} child${before === 1 ? '' : 'ren'} ran before the parent's next line`,
  );
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 3: joined one by one the tasks never overlap; started together they do. */
export function checkJoin(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const tasksOf = (way: string): SeenProcess[] =>
    view
      .marks('task', (m) => m.way === way)
      .sort((a, b) => Number(a.seconds) - Number(b.seconds))
      .map((m) => processOfMark(verdict, view, m, `${way} task ${String(m.seconds)}`))
      .filter((p): p is SeenProcess => p !== undefined);

  const oneByOne = tasksOf('one-by-one');
  verdict.expect(oneByOne.length === 3, 'engine + program', `one by one: tasks ${list(oneByOne)}`);
  for (let i = 1; i < oneByOne.length; i++) {
    const [a, b] = [oneByOne[i - 1]!, oneByOne[i]!];
    const aLastAlive = view.lastAliveTick(a);
    const apart = aLastAlive !== null && b.firstTick !== null && b.firstTick > aLastAlive;
    verdict.expect(
      apart,
      'engine',
      `${who(a)} was last seen running at ${view.lastRunningAt(a)} and ${who(b)} first seen at ${view.seenAt(b)}: ` +
        (apart ? 'never alive at the same time' : 'they overlapped'),
    );
  }
  const together = tasksOf('together');
  verdict.expect(together.length === 3, 'engine + program', `together: tasks ${list(together)}`);
  const most = view.mostAliveAtOnce(together);
  verdict.expect(
    most.alive.length >= 2,
    'engine',
    most.tick
      ? `at ${view.at(most.tick.t)} the sampler saw ${list(most.alive)} running at the same time`
      : 'the sampler never saw two of them running at once',
  );

  const span = (tasks: SeenProcess[]): string => {
    const start = Math.min(...tasks.map((p) => (p.firstTick === null ? Number.NaN : view.tick(p.firstTick).t)));
    const end = Math.max(...tasks.map((p) => p.endedAt ?? Number.NaN));
    return Number.isFinite(end - start) ? `${((end - start) / 1000 / observation.timeScale).toFixed(1)} s` : 'unknown';
  };
  if (oneByOne.length && together.length) {
    verdict.note('engine', `from first sighting to last end, at time scale 1: one by one about ${span(oneByOne)}, together about ${span(together)}`);
  }
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 4: run() runs in the new process; called directly, in this one; a broken __init__ starts nothing. */
export function checkProcessClass(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const children = view.childrenOf(root).sort(byStart);
  verdict.expect(
    children.length === 1,
    'engine',
    `${who(root)} started ${children.length} process${children.length === 1 ? '' : 'es'} (${list(children)}): only the Greeter's start() made one`,
  );
  const started = view.mark('run', (m) => m.greeting === 'hello');
  verdict.expect(
    started !== undefined && started.pid === children[0]?.pid,
    'engine + program',
    `greeter.start() ran run() in process ${started?.pid ?? '?'}${started?.pid === children[0]?.pid ? ', the new child' : ''}`,
  );
  const direct = view.mark('run', (m) => m.greeting !== 'hello');
  verdict.expect(
    direct?.pid === root.pid,
    'engine + program',
    `run() called directly ran in process ${direct?.pid ?? '?'}${direct?.pid === root.pid ? ', the main process itself' : ''}`,
  );
  const failed = view.mark('start-failed');
  verdict.expect(
    failed !== undefined,
    'program',
    failed ? `Broken.start() raised ${String(failed.error)}, and no process was started for it` : 'Broken.start() raised nothing',
  );
  endedCleanly(verdict, view);
  return verdict.result();
}
