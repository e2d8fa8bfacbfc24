import type { CheckResult, LessonObservation, SeenProcess } from '../types';
import { byStart, code, endedCleanly, list, msg, processOfMark, runOf, value, Verdict, who } from './support';

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
      ? msg('ev.separate.started', { root: who(root), child: who(child), at: view.seenAt(child), pid: root.pid })
      : msg('ev.noChild', { root: who(root) }),
  );
  const childMark = child && view.mark('counter', (m) => m.pid === child.pid);
  verdict.expect(childMark?.value === 100, 'engine + program', msg('ev.separate.child', { pid: child?.pid ?? '?', value: value(childMark?.value) }));
  const parentMark = view.mark('counter', (m) => m.pid === root.pid);
  verdict.expect(
    parentMark?.value === 0 && view.order(parentMark) > view.order(childMark),
    'engine + program',
    msg('ev.separate.parent', { pid: root.pid, value: value(parentMark?.value) }),
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
  verdict.expect(children.length === 10, 'engine', msg('ev.startedChildren', { root: who(root), count: children.length, pids: list(children) }));
  const ran = view.marks('ran');
  const numbers = new Set(ran.map((m) => m.number));
  const fromChildren = ran.every((m) => children.some((c) => c.pid === m.pid));
  verdict.expect(
    ran.length === 10 && numbers.size === 10 && fromChildren,
    'engine + program',
    msg(fromChildren ? 'ev.startOrder.ran' : 'ev.startOrder.ranStrangers', { marks: ran.length, numbers: numbers.size }),
  );
  verdict.note('program', msg('ev.startOrder.order', { order: ran.map((m) => String(m.number)).join(' ') }));
  const after = view.order(view.mark('after-loop'));
  const before = ran.filter((m) => view.order(m) < after).length;
  verdict.note('program', before === 0 ? msg('ev.startOrder.parentFirst') : msg('ev.startOrder.childrenFirst', { count: before }));
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
      .map((m) => processOfMark(verdict, view, m, msg('ev.join.task', { way: msg(`ev.join.${way}`), seconds: String(m.seconds) })))
      .filter((p): p is SeenProcess => p !== undefined);

  const oneByOne = tasksOf('one-by-one');
  verdict.expect(oneByOne.length === 3, 'engine + program', msg('ev.join.oneByOneTasks', { pids: list(oneByOne) }));
  for (let i = 1; i < oneByOne.length; i++) {
    const [a, b] = [oneByOne[i - 1]!, oneByOne[i]!];
    const aLastAlive = view.lastAliveTick(a);
    const apart = aLastAlive !== null && b.firstTick !== null && b.firstTick > aLastAlive;
    verdict.expect(
      apart,
      'engine',
      msg(apart ? 'ev.join.apart' : 'ev.join.overlapped', { a: who(a), aAt: view.lastRunningAt(a), b: who(b), bAt: view.seenAt(b) }),
    );
  }
  const together = tasksOf('together');
  verdict.expect(together.length === 3, 'engine + program', msg('ev.join.togetherTasks', { pids: list(together) }));
  const most = view.mostAliveAtOnce(together);
  verdict.expect(
    most.alive.length >= 2,
    'engine',
    most.tick ? msg('ev.join.atOnce', { at: view.at(most.tick.t), pids: list(most.alive) }) : msg('ev.join.neverAtOnce'),
  );

  const span = (tasks: SeenProcess[]) => {
    const start = Math.min(...tasks.map((p) => (p.firstTick === null ? Number.NaN : view.tick(p.firstTick).t)));
    const end = Math.max(...tasks.map((p) => p.endedAt ?? Number.NaN));
    return Number.isFinite(end - start) ? msg('seconds', { s: ((end - start) / 1000 / observation.timeScale).toFixed(1) }) : msg('unknown');
  };
  if (oneByOne.length && together.length) {
    verdict.note('engine', msg('ev.join.spans', { oneByOne: span(oneByOne), together: span(together) }));
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
  verdict.expect(children.length === 1, 'engine', msg('ev.processClass.children', { root: who(root), count: children.length, pids: list(children) }));
  const started = view.mark('run', (m) => m.greeting === 'hello');
  verdict.expect(
    started !== undefined && started.pid === children[0]?.pid,
    'engine + program',
    msg(started?.pid === children[0]?.pid ? 'ev.processClass.startedInChild' : 'ev.processClass.started', { pid: started?.pid ?? '?' }),
  );
  const direct = view.mark('run', (m) => m.greeting !== 'hello');
  verdict.expect(
    direct?.pid === root.pid,
    'engine + program',
    msg(direct?.pid === root.pid ? 'ev.processClass.directInMain' : 'ev.processClass.direct', { pid: direct?.pid ?? '?' }),
  );
  const failed = view.mark('start-failed');
  verdict.expect(
    failed !== undefined,
    'program',
    failed ? msg('ev.processClass.broken', { error: code(String(failed.error)) }) : msg('ev.processClass.brokenNothing'),
  );
  endedCleanly(verdict, view);
  return verdict.result();
}
