import type { LessonMessage } from '../../../../shared/lesson-text/message';
import type { CheckResult, LessonObservation, Mark, SeenProcess } from '../types';
import { endedCleanly, list, msg, processOfMark, runOf, stoppedByTimeout, value, Verdict, who, type RunView } from './support';

/** A process that marked `waiting` then `done` was seen running in between: blocked, not finished. */
function blockedBetween(verdict: Verdict, view: RunView, waiting: Mark | undefined, done: Mark | undefined, what: LessonMessage): void {
  const p = processOfMark(verdict, view, waiting, what);
  if (!p || !waiting) return;
  const tick = done ? view.aliveBetween(p, waiting.t, done.t) : undefined;
  verdict.expect(
    tick !== undefined,
    'engine + program',
    tick && done
      ? msg('ev.queue.waited', { what, who: who(p), from: view.at(waiting.t), at: view.at(tick.t), on: view.at(done.t) })
      : msg(done ? 'ev.queue.notWaiting' : 'ev.queue.notWaitingNeverOn', { what, who: who(p) }),
  );
}

/** Lesson 9: get() waits on an empty queue, put() on a full one; timeouts raise Empty and Full. */
export function checkQueueBasics(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  blockedBetween(verdict, view, view.mark('get-waiting'), view.mark('got'), msg('ev.queue.getter'));
  verdict.expect(view.mark('got')?.item === 'first', 'program', msg('ev.queue.got', { item: value(JSON.stringify(view.mark('got')?.item ?? null)) }));
  blockedBetween(verdict, view, view.mark('put-waiting'), view.mark('put-done'), msg('ev.queue.putter'));
  verdict.expect(view.mark('full')?.value === true, 'program', msg('ev.queue.full', { value: value(view.mark('full')?.value) }));
  const full = view.mark('raised', (m) => m.call === 'put');
  verdict.expect(full?.error === 'Full', 'program', msg('ev.queue.putRaised', { error: raised(full?.error) }));
  const empty = view.mark('raised', (m) => m.call === 'get');
  verdict.expect(empty?.error === 'Empty', 'program', msg('ev.queue.getRaised', { error: raised(empty?.error) }));
  verdict.note('program', msg('ev.queue.emptyAfterPut', { value: value(view.mark('empty-after-put')?.value) }));
  const nowait = view.mark('get-nowait-after-put');
  verdict.note(
    'program',
    nowait?.got === null ? msg('ev.queue.nowaitEmpty') : msg('ev.queue.nowaitGot', { item: value(JSON.stringify(nowait?.got ?? null)) }),
  );
  endedCleanly(verdict, view);
  return verdict.result();
}

/** An exception class the program marked, as code, or "nothing". */
function raised(error: unknown): LessonMessage | { code: string } {
  return error === undefined || error === null ? msg('nothing') : { code: String(error) };
}

function distinctItems(marks: Mark[]): Set<unknown> {
  return new Set(marks.map((m) => m.item));
}

/** Lesson 10: without a stop signal consumers wait forever; with one sentinel each, they leave. */
export function checkProducerConsumer(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();

  const wrong = runOf(observation, 'no-stop-signal');
  const waiting = [...new Set(wrong.marks('waiting').map((m) => m.pid))]
    .map((pid) => wrong.byPid(pid))
    .filter((p): p is SeenProcess => p !== undefined);
  const got = wrong.marks('got');
  const lastWaits = waiting.every((p) => {
    const own = wrong.run.marks.filter((m) => m.pid === p.pid);
    return own.at(-1)?.kind === 'waiting';
  });
  verdict.expect(
    distinctItems(got).size === 6 && got.length === 6 && waiting.length === 2 && lastWaits,
    'program',
    msg('ev.pc.noStop', { pids: list(waiting), count: got.length }),
  );
  stoppedByTimeout(verdict, wrong, [wrong.root, ...waiting], msg('ev.pc.why'));

  const right = runOf(observation, 'sentinel');
  const consumers = [...new Set(right.marks('stopped').map((m) => m.pid))].map((pid) => right.byPid(pid));
  const rightGot = right.marks('got');
  verdict.expect(rightGot.length === 6 && distinctItems(rightGot).size === 6, 'program', msg('ev.pc.sentinel', { count: rightGot.length }));
  const allLeft = consumers.length === 2 && consumers.every((c) => c !== undefined && c.parentPid === right.root.pid && right.endedOnItsOwn(c));
  verdict.expect(
    allLeft,
    'engine + program',
    msg('ev.pc.eachLeft', {
      pids: consumers.map((c) => c?.pid ?? '?'),
      gone: consumers.map((c) => (c ? msg('goneAt', { pid: c.pid, at: right.at(c.endedAt) }) : msg('unseen'))),
    }),
  );
  endedCleanly(verdict, right);
  return verdict.result();
}

/** Lesson 11: q.join() waits for every task_done(); one too many raises; joining a daemon worker never returns. */
export function checkJoinableQueue(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation, 'joinable');
  const { root } = view;
  const done = view.marks('done');
  const allDone = view.mark('all-done');
  const afterEvery = allDone !== undefined && done.every((m) => view.order(m) < view.order(allDone));
  verdict.expect(done.length === 6 && distinctItems(done).size === 6 && afterEvery, 'program', msg('ev.jq.joined', { count: done.length }));
  const tooMany = view.mark('raised');
  verdict.expect(tooMany?.error === 'ValueError', 'program', msg('ev.jq.tooMany', { error: raised(tooMany?.error) }));
  const workers = view.childrenOf(root);
  const endedWithRoot = workers.every(
    (w) => w.endedTick !== null && w.reparented.length === 0 && (root.endedTick === null || w.endedTick <= root.endedTick),
  );
  verdict.expect(
    workers.length === 2 && endedWithRoot,
    'engine',
    msg('ev.jq.workers', { pids: list(workers), seen: workers.map((w) => view.lastSeenAt(w)), pid: root.pid, rootSeen: view.lastSeenAt(root) }),
  );
  endedCleanly(verdict, view);

  const deadlock = runOf(observation, 'join-the-worker');
  const stuckDone = deadlock.marks('done');
  verdict.expect(stuckDone.length === 6 && deadlock.mark('all-done') === undefined, 'program', msg('ev.jq.deadlock', { count: stuckDone.length }));
  stoppedByTimeout(verdict, deadlock, [deadlock.root, ...deadlock.childrenOf(deadlock.root)], msg('ev.jq.why'));
  return verdict.result();
}

/** Lesson 12: the reader gets everything sent, then EOF once the sending end is closed everywhere. */
export function checkPipe(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const sent = view.marks('sent');
  const eof = view.mark('eof');
  const writer = processOfMark(verdict, view, sent[0], msg('ev.pipe.theWriter'));
  const reader = processOfMark(verdict, view, eof, msg('ev.pipe.theReader'));
  if (writer && reader) {
    const pair = [writer, reader];
    const child = pair.find((p) => !p.root);
    verdict.expect(
      pair.some((p) => p.root) && child !== undefined && child.parentPid === root.pid,
      'engine',
      msg('ev.pipe.pair', { writer: who(writer), reader: who(reader), pid: root.pid, child: child?.pid ?? '?' }),
    );
  }
  verdict.expect(
    sent.length === 3 && eof?.received === 3 && view.order(eof) > view.order(sent.at(-1)),
    'program',
    msg('ev.pipe.sent', { count: sent.length, received: value(eof?.received) }),
  );
  const child = view.childrenOf(root)[0];
  if (child) verdict.expect(view.endedOnItsOwn(child), 'engine', msg('ev.endedItself', { who: who(child), at: view.at(child.endedAt) }));
  endedCleanly(verdict, view);
  return verdict.result();
}
