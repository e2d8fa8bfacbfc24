import type { ProgramPython } from '../../../../shared/python-program';
import type { CheckResult, LessonObservation, Mark } from '../types';
import { endedCleanly, list, processOfMark, runOf, Verdict, who, type RunView } from './support';

/** Lesson 13: with a lock around read-then-write exactly one buyer gets the last ticket. */
export function checkLock(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const buyers = view.childrenOf(root);
  verdict.expect(buyers.length === 20, 'engine', `${who(root)} started ${buyers.length} buyer processes, ten without a lock and ten with one`);
  const bought = view.marks('bought');
  const unlocked = bought.filter((m) => m.way === 'without a lock');
  const locked = bought.filter((m) => m.way === 'with a lock');
  verdict.expect(locked.length === 1, 'program', `with a lock, ${locked.length} buyer${locked.length === 1 ? '' : 's'} bought the one ticket`);
  verdict.expect(
    unlocked.length >= 1,
    'program',
    `without a lock, ${unlocked.length} buyer${unlocked.length === 1 ? '' : 's'} believed they bought the one ` +
      `ticket${unlocked.length > 1 ? ': they all read 1 before anyone wrote 0' : ' (this time the others read after the write; usually several do not)'}`,
  );
  const strangers = bought.filter((m) => !buyers.some((b) => b.pid === m.pid));
  verdict.expect(strangers.length === 0, 'engine + program', `every purchase came from one of those buyer processes (${list(bought)})`);
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
    `the probe counted one Lock (${lock?.id ?? 'none'}): acquired ${lock?.acquires ?? 0} times, by ${users.size} processes, ` +
      `each of the ten buyers with a lock (${list(careful)}) once`,
  );
  const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
  verdict.expect(
    lock !== undefined && lock.contended >= 1,
    'probe',
    `with the lock, ${lock?.contended ?? 0} of its acquisitions had to wait for the buyer holding it ` +
      `(${ms(lock?.waitMs ?? 0)} in all, the longest ${ms(lock?.maxWaitMs ?? 0)}): one buyer at a time read and wrote`,
  );
  verdict.expect(
    racing.every((b) => !users.has(b.pid)),
    'probe',
    `without a lock, the ten buyers (${list(racing)}) acquired nothing and never waited for each other: that is the contention the race lacks, and why several read 1`,
  );
}

/** Lesson 14: Value and Array in shared memory, a dict in a Manager's server process. */
export function checkSharedState(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const children = view.childrenOf(root);
  verdict.expect(
    children.length === 13,
    'engine',
    `${who(root)} started ${children.length} processes: 4 adders, 5 squarers, the Manager's server and 3 visitors`,
  );
  const value = view.mark('value')?.value;
  verdict.expect(value === 4000, 'program', `Value: four processes added 1000 each under its lock, and the main process read ${String(value)}`);
  const array = view.mark('array')?.value;
  verdict.expect(
    JSON.stringify(array) === '[0,1,4,9,16]',
    'program',
    `Array: each process squared its slot, and the main process read ${JSON.stringify(array)}`,
  );

  const managerMark = view.mark('manager');
  const server = processOfMark(verdict, view, managerMark && ({ ...managerMark, pid: managerMark.server } as Mark), "the Manager's server");
  const dict = (view.mark('dict')?.value ?? {}) as Record<string, unknown>;
  const visitors = Object.values(dict).map((pid) => view.byPid(pid));
  const seen = visitors.filter((p) => p !== undefined && p.parentPid === root.pid && p.firstTick !== null);
  verdict.expect(
    Object.keys(dict).length === 3 && seen.length === 3 && !seen.some((p) => p === server),
    'engine + program',
    `Manager().dict() held ${Object.keys(dict).length} entries, each written by a child the engine saw: ${list(seen as { pid: number }[])}`,
  );
  if (server) {
    const together = view.run.ticks.find((t) => view.aliveIn(server, t) && seen.some((p) => p && view.aliveIn(p, t)));
    verdict.expect(
      server.parentPid === root.pid && together !== undefined && view.endedOnItsOwn(server),
      'engine',
      `the Manager's server ${who(server)}, a child of ${root.pid}, ` +
        `${together ? `was running at ${view.at(together.t)} beside the visitors that wrote to it,` : 'was not seen beside the visitors,'} ` +
        `and ended when the manager shut down (${view.at(server.endedAt)})`,
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
    `the pools' workers are children of ${root.pid}: ${list(pool.filter((w) => w !== undefined))} and ` +
      `${list(doomed.filter((w) => w !== undefined))}; ${children.length} children in all, none started per task`,
  );

  const tasks = view.marks('task-start', (m) => m.way === 'apply' || m.way === 'apply_async');
  const inWorkers = tasks.every((m) => pool.some((w) => w?.pid === m.pid));
  verdict.expect(
    tasks.length === 6 && inWorkers,
    'engine + program',
    `all ${tasks.length} tasks ran in the pool's workers (${tasks.map((m) => m.pid).join(', ')}), none in ${root.pid}`,
  );

  const span = (way: string) =>
    view
      .marks('task-start', (m) => m.way === way)
      .map((start) => ({ start: start.t, end: view.mark('task-end', (m) => m.way === way && m.n === start.n)?.t ?? Number.POSITIVE_INFINITY }));
  const applied = span('apply').sort((a, b) => a.start - b.start);
  const oneAtATime = applied.every((s, i) => i === 0 || applied[i - 1]!.end <= s.start);
  verdict.expect(
    applied.length === 3 && oneAtATime,
    'program',
    `apply() ran its ${applied.length} tasks one at a time: each began after the one before had ended`,
  );
  const parallel = span('apply_async');
  const overlapped = parallel.some((a) => parallel.some((b) => a !== b && a.start < b.end && b.start < a.end));
  verdict.note('program', `apply_async(): the tasks ${overlapped ? 'overlapped in time' : 'did not overlap this time'}`);
  const callbacks = view.mark('callbacks')?.values;
  verdict.expect(JSON.stringify(callbacks) === '[1,4,9]', 'program', `the callbacks collected ${JSON.stringify(callbacks)}`);

  const joined = view.mark('joined');
  const after = joined ? view.run.ticks.filter((t) => t.t > joined.t) : [];
  const goneByJoin = joined !== undefined && pool.every((w) => w !== undefined && view.endedOnItsOwn(w) && !after.some((t) => view.aliveIn(w, t)));
  verdict.expect(
    goneByJoin,
    'engine + program',
    `after close() and join() returned (${view.at(joined?.t ?? null)}), no sample showed a worker of the pool running; they were gone at ${pool.map((w) => view.at(w?.endedAt ?? null)).join(', ')}`,
  );

  if (view.run.python) poolTasksPerWorker(verdict, view, view.run.python, pool, doomed);

  const unfinished = view.mark('task-start', (m) => m.way === 'terminated');
  const killedMidTask = unfinished !== undefined && view.mark('task-end', (m) => m.way === 'terminated') === undefined;
  const doomedGone = doomed.every((w) => w !== undefined && view.endedOnItsOwn(w));
  verdict.expect(
    killedMidTask && doomedGone,
    'engine + program',
    `terminate(): worker ${unfinished?.pid ?? '?'} was stopped mid-task; the workers ` +
      `${list(doomed.filter((w) => w !== undefined))} were gone at ${doomed.map((w) => view.at(w?.endedAt ?? null)).join(', ')}`,
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
    `the probe counted pool ${probed?.id ?? '?'}'s tasks per worker: ${perWorker.map((w) => `${w.pid} ran ${w.tasksStarted}`).join(', ') || 'none'} ` +
      `(${probed?.tasksCompleted ?? 0} of ${probed?.tasksSubmitted ?? 0} completed), as each worker marked them`,
  );
  const busy = ended?.perWorker.filter((w) => w.tasksStarted > 0) ?? [];
  verdict.expect(
    ended !== undefined && ended.tasksStarted === 1 && ended.tasksCompleted === 0 && busy.every((w) => doomed.some((d) => d?.pid === w.pid)),
    'probe',
    `pool ${ended?.id ?? '?'}: the probe counted ${ended?.tasksStarted ?? 0} task started and ${ended?.tasksCompleted ?? 0} completed: ` +
      `terminate() stopped worker ${busy.map((w) => w.pid).join(', ') || '?'} inside it, and its count survived the SIGTERM`,
  );
}
