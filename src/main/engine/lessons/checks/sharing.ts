import type { ProgramPython } from '../../../../shared/python-program';
import type { CheckResult, LessonObservation, Mark } from '../types';
import { code, endedCleanly, list, msg, processOfMark, runOf, Verdict, who, type RunView } from './support';

/** Lesson 13: with a lock around read-then-write exactly one buyer gets the last ticket. */
export function checkLock(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const buyers = view.childrenOf(root);
  verdict.expect(buyers.length === 20, 'engine', msg('ev.lock.buyers', { root: who(root), count: buyers.length }));
  const bought = view.marks('bought');
  const unlocked = bought.filter((m) => m.way === 'without a lock');
  const locked = bought.filter((m) => m.way === 'with a lock');
  verdict.expect(locked.length === 1, 'program', msg('ev.lock.locked', { count: locked.length }));
  verdict.expect(unlocked.length >= 1, 'program', msg(unlocked.length > 1 ? 'ev.lock.raced' : 'ev.lock.racedOnce', { count: unlocked.length }));
  const strangers = bought.filter((m) => !buyers.some((b) => b.pid === m.pid));
  verdict.expect(strangers.length === 0, 'engine + program', msg('ev.lock.fromBuyers', { pids: list(bought) }));
  if (view.run.python) lockContention(verdict, view.run.python, buyers);
  endedCleanly(verdict, view);
  return verdict.result();
}

/** What the probe counted of the lesson's one Lock: the ten locked buyers waited for each other, the ten racing ones never did. */
function lockContention(verdict: Verdict, python: ProgramPython, buyers: { pid: number; startTime: number }[]): void {
  const [lock, ...others] = python.locks;
  const ordered = [...buyers].sort((a, b) => a.startTime - b.startTime);
  const racing = ordered.slice(0, 10);
  const careful = ordered.slice(10);
  const users = new Set(lock?.users.filter((u) => u.out > 0).map((u) => u.pid));
  verdict.expect(
    lock !== undefined && others.length === 0 && lock.acquires === 10 && careful.every((b) => users.has(b.pid)),
    'probe',
    msg('ev.lock.probeCounted', { id: lock ? code(lock.id) : msg('none'), acquires: lock?.acquires ?? 0, users: users.size, pids: list(careful) }),
  );
  const ms = (value: number) => msg('milliseconds', { ms: value.toFixed(value < 10 ? 1 : 0) });
  verdict.expect(
    lock !== undefined && lock.contended >= 1,
    'probe',
    msg('ev.lock.contended', { count: lock?.contended ?? 0, total: ms(lock?.waitMs ?? 0), longest: ms(lock?.maxWaitMs ?? 0) }),
  );
  verdict.expect(
    racing.every((b) => !users.has(b.pid)),
    'probe',
    msg('ev.lock.racingNoWait', { pids: list(racing) }),
  );
}

/** Lesson 14: Value and Array in shared memory, a dict in a Manager's server process. */
export function checkSharedState(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const children = view.childrenOf(root);
  verdict.expect(children.length === 13, 'engine', msg('ev.shared.children', { root: who(root), count: children.length }));
  const value = view.mark('value')?.value;
  verdict.expect(value === 4000, 'program', msg('ev.shared.value', { value: code(String(value)) }));
  const array = view.mark('array')?.value;
  verdict.expect(JSON.stringify(array) === '[0,1,4,9,16]', 'program', msg('ev.shared.array', { value: code(String(JSON.stringify(array))) }));

  const managerMark = view.mark('manager');
  const server = processOfMark(verdict, view, managerMark && ({ ...managerMark, pid: managerMark.server } as Mark), msg('ev.shared.theServer'));
  const dict = (view.mark('dict')?.value ?? {}) as Record<string, unknown>;
  const visitors = Object.values(dict).map((pid) => view.byPid(pid));
  const seen = visitors.filter((p) => p !== undefined && p.parentPid === root.pid && p.firstTick !== null);
  verdict.expect(
    Object.keys(dict).length === 3 && seen.length === 3 && !seen.some((p) => p === server),
    'engine + program',
    msg('ev.shared.dict', { count: Object.keys(dict).length, pids: list(seen as { pid: number }[]) }),
  );
  if (server) {
    const together = view.run.ticks.find((t) => view.aliveIn(server, t) && seen.some((p) => p && view.aliveIn(p, t)));
    verdict.expect(
      server.parentPid === root.pid && together !== undefined && view.endedOnItsOwn(server),
      'engine',
      msg(together ? 'ev.shared.server' : 'ev.shared.serverAlone', {
        who: who(server),
        pid: root.pid,
        at: together ? view.at(together.t) : '',
        ended: view.at(server.endedAt),
      }),
    );
  }
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 15: a pool's workers run the tasks; apply() one at a time; close/join and terminate end them. */
export function checkPool(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const workersOf = (name: string) => ((view.mark('pool', (m) => m.name === name)?.workers ?? []) as number[]).map((pid) => view.byPid(pid));
  const pool = workersOf('pool');
  const doomed = workersOf('doomed');
  const children = view.childrenOf(root);
  verdict.expect(
    pool.length === 3 &&
      doomed.length === 2 &&
      [...pool, ...doomed].every((w) => w !== undefined && w.parentPid === root.pid && w.firstTick !== null) &&
      children.length === 5,
    'engine + program',
    msg('ev.pool.workers', {
      pid: root.pid,
      pool: list(pool.filter((w) => w !== undefined)),
      doomed: list(doomed.filter((w) => w !== undefined)),
      count: children.length,
    }),
  );

  const tasks = view.marks('task-start', (m) => m.way === 'apply' || m.way === 'apply_async');
  const inWorkers = tasks.every((m) => pool.some((w) => w?.pid === m.pid));
  verdict.expect(
    tasks.length === 6 && inWorkers,
    'engine + program',
    msg('ev.pool.tasks', { count: tasks.length, pids: tasks.map((m) => m.pid), pid: root.pid }),
  );

  const span = (way: string) =>
    view
      .marks('task-start', (m) => m.way === way)
      .map((start) => ({ start: start.t, end: view.mark('task-end', (m) => m.way === way && m.n === start.n)?.t ?? Number.POSITIVE_INFINITY }));
  const applied = span('apply').sort((a, b) => a.start - b.start);
  const oneAtATime = applied.every((s, i) => i === 0 || applied[i - 1]!.end <= s.start);
  verdict.expect(applied.length === 3 && oneAtATime, 'program', msg('ev.pool.apply', { count: applied.length }));
  const parallel = span('apply_async');
  const overlapped = parallel.some((a) => parallel.some((b) => a !== b && a.start < b.end && b.start < a.end));
  verdict.note('program', msg(overlapped ? 'ev.pool.overlapped' : 'ev.pool.notOverlapped'));
  const callbacks = view.mark('callbacks')?.values;
  verdict.expect(JSON.stringify(callbacks) === '[1,4,9]', 'program', msg('ev.pool.callbacks', { values: code(String(JSON.stringify(callbacks))) }));

  const joined = view.mark('joined');
  const after = joined ? view.run.ticks.filter((t) => t.t > joined.t) : [];
  const goneByJoin = joined !== undefined && pool.every((w) => w !== undefined && view.endedOnItsOwn(w) && !after.some((t) => view.aliveIn(w, t)));
  verdict.expect(
    goneByJoin,
    'engine + program',
    msg('ev.pool.joined', { at: view.at(joined?.t ?? null), gone: pool.map((w) => view.at(w?.endedAt ?? null)) }),
  );

  if (view.run.python) poolTasksPerWorker(verdict, view, view.run.python, pool, doomed);

  const unfinished = view.mark('task-start', (m) => m.way === 'terminated');
  const killedMidTask = unfinished !== undefined && view.mark('task-end', (m) => m.way === 'terminated') === undefined;
  const doomedGone = doomed.every((w) => w !== undefined && view.endedOnItsOwn(w));
  verdict.expect(
    killedMidTask && doomedGone,
    'engine + program',
    msg('ev.pool.terminated', {
      pid: unfinished?.pid ?? '?',
      pids: list(doomed.filter((w) => w !== undefined)),
      gone: doomed.map((w) => view.at(w?.endedAt ?? null)),
    }),
  );
  endedCleanly(verdict, view);
  return verdict.result();
}

/** What the probe counted in each worker: the same tasks, per worker, as the program marked; the doomed pool's task never completed. */
function poolTasksPerWorker(
  verdict: Verdict,
  view: RunView,
  python: ProgramPython,
  pool: ({ pid: number } | undefined)[],
  doomed: ({ pid: number } | undefined)[],
): void {
  const probed = python.pools.find((p) => p.size === 3);
  const ended = python.pools.find((p) => p.size === 2);
  const marked = (pid: number): number => view.marks('task-start', (m) => m.pid === pid && (m.way === 'apply' || m.way === 'apply_async')).length;
  const perWorker = probed?.perWorker ?? [];
  verdict.expect(
    probed !== undefined &&
      probed.tasksSubmitted === 6 &&
      probed.tasksCompleted === 6 &&
      perWorker.every((w) => pool.some((p) => p?.pid === w.pid) && w.tasksStarted === marked(w.pid)),
    'probe + program',
    msg('ev.pool.probePerWorker', {
      id: probed ? code(probed.id) : '?',
      per: perWorker.map((w) => msg('ev.pool.ran', { pid: w.pid, count: w.tasksStarted })),
      completed: probed?.tasksCompleted ?? 0,
      submitted: probed?.tasksSubmitted ?? 0,
    }),
  );
  const busy = ended?.perWorker.filter((w) => w.tasksStarted > 0) ?? [];
  verdict.expect(
    ended !== undefined && ended.tasksStarted === 1 && ended.tasksCompleted === 0 && busy.every((w) => doomed.some((d) => d?.pid === w.pid)),
    'probe',
    msg('ev.pool.probeTerminated', {
      id: ended ? code(ended.id) : '?',
      started: ended?.tasksStarted ?? 0,
      completed: ended?.tasksCompleted ?? 0,
      pids: busy.length ? busy.map((w) => w.pid) : '?',
    }),
  );
}
