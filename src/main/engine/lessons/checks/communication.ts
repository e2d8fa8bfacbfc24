import type { CheckResult, LessonObservation, Mark, SeenProcess } from '../types';
import { endedCleanly, list, processOfMark, runOf, stoppedByTimeout, Verdict, who, type RunView } from './support';

/** A process that marked `waiting` then `done` was seen running in between: blocked, not finished. */
function blockedBetween(verdict: Verdict, view: RunView, waiting: Mark | undefined, done: Mark | undefined, what: string): void {
  const p = processOfMark(verdict, view, waiting, what);
  if (!p || !waiting) return;
  const tick = done ? view.aliveBetween(p, waiting.t, done.t) : undefined;
  verdict.expect(
    tick !== undefined,
    'engine + program',
    tick && done
      ? `${what} ${who(p)} began waiting at ${view.at(waiting.t)}, was seen still there (state sleeping, not ended) at ${view.at(tick.t)}, and went on at ${view.at(done.t)}`
      : `${what} ${who(p)} was not seen waiting${done ? '' : ', and never went on'}`,
  );
}

/** Lesson 9: get() waits on an empty queue, put() on a full one; timeouts raise Empty and Full. */
export function checkQueueBasics(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  blockedBetween(verdict, view, view.mark('get-waiting'), view.mark('got'), 'the getter');
  verdict.expect(
    view.mark('got')?.item === 'first',
    'program',
    `the getter got ${JSON.stringify(view.mark('got')?.item ?? null)} once the main process put it`,
  );
  blockedBetween(verdict, view, view.mark('put-waiting'), view.mark('put-done'), 'the putter');
  verdict.expect(
    view.mark('full')?.value === true,
    'program',
    `with two items in a queue of two, full() said ${String(view.mark('full')?.value ?? 'unknown')}`,
  );
  const full = view.mark('raised', (m) => m.call === 'put');
  verdict.expect(full?.error === 'Full', 'program', `put(timeout=…) on a full queue raised ${String(full?.error ?? 'nothing')}`);
  const empty = view.mark('raised', (m) => m.call === 'get');
  verdict.expect(empty?.error === 'Empty', 'program', `get(timeout=…) on an empty queue raised ${String(empty?.error ?? 'nothing')}`);
  verdict.note(
    'program',
    `right after put(), empty() said ${String(view.mark('empty-after-put')?.value ?? 'unknown')} (True is possible: a feeder thread moves the item into the pipe)`,
  );
  const nowait = view.mark('get-nowait-after-put');
  verdict.note(
    'program',
    `right after put(), get_nowait() ${nowait?.got === null ? 'raised Empty (the feeder thread had not delivered yet)' : `got ${JSON.stringify(nowait?.got ?? null)}`}`,
  );
  endedCleanly(verdict, view);
  return verdict.result();
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
    `no stop signal: the consumers ${list(waiting)} got all ${got.length} items, and each one's last word was "waiting on get()"`,
  );
  stoppedByTimeout(
    verdict,
    wrong,
    [wrong.root, ...waiting],
    'the consumers wait on get() for an item that never comes, and the main process waits to join them',
  );

  const right = runOf(observation, 'sentinel');
  const consumers = [...new Set(right.marks('stopped').map((m) => m.pid))].map((pid) => right.byPid(pid));
  const rightGot = right.marks('got');
  verdict.expect(
    rightGot.length === 6 && distinctItems(rightGot).size === 6,
    'program',
    `with a sentinel per consumer: ${rightGot.length} items consumed, each once`,
  );
  const allLeft = consumers.length === 2 && consumers.every((c) => c !== undefined && c.parentPid === right.root.pid && right.endedOnItsOwn(c));
  verdict.expect(
    allLeft,
    'engine + program',
    `each of the consumers ${consumers.map((c) => c?.pid ?? '?').join(', ')} took one stop signal and ended by ` +
      `itself (${consumers.map((c) => (c ? `${c.pid} gone at ${right.at(c.endedAt)}` : 'unseen')).join(', ')})`,
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
  verdict.expect(
    done.length === 6 && distinctItems(done).size === 6 && afterEvery,
    'program',
    `q.join() returned only after task_done() for all ${done.length} items`,
  );
  const raised = view.mark('raised');
  verdict.expect(raised?.error === 'ValueError', 'program', `one task_done() too many raised ${String(raised?.error ?? 'nothing')}`);
  const workers = view.childrenOf(root);
  const endedWithRoot = workers.every(
    (w) => w.endedTick !== null && w.reparented.length === 0 && (root.endedTick === null || w.endedTick <= root.endedTick),
  );
  verdict.expect(
    workers.length === 2 && endedWithRoot,
    'engine',
    `the daemon workers ${list(workers)}, which loop forever, ended with the main process's code (last seen ` +
      `${workers.map((w) => view.lastSeenAt(w)).join(', ')}; ${root.pid} last seen ${view.lastSeenAt(root)}), never re-parented`,
  );
  endedCleanly(verdict, view);

  const deadlock = runOf(observation, 'join-the-worker');
  const stuckDone = deadlock.marks('done');
  verdict.expect(
    stuckDone.length === 6 && deadlock.mark('all-done') === undefined,
    'program',
    `joining a daemon worker: all ${stuckDone.length} items were done, yet the main process never got past workers[0].join()`,
  );
  stoppedByTimeout(verdict, deadlock, [deadlock.root, ...deadlock.childrenOf(deadlock.root)], 'the worker loops forever, so join() waits forever');
  return verdict.result();
}

/** Lesson 12: the reader gets everything sent, then EOF once the sending end is closed everywhere. */
export function checkPipe(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const sent = view.marks('sent');
  const eof = view.mark('eof');
  const writer = processOfMark(verdict, view, sent[0], 'the writer');
  const reader = processOfMark(verdict, view, eof, 'the reader');
  if (writer && reader) {
    const pair = [writer, reader];
    const child = pair.find((p) => !p.root);
    verdict.expect(
      pair.some((p) => p.root) && child !== undefined && child.parentPid === root.pid,
      'engine',
      `the writer ${who(writer)} and the reader ${who(reader)}: ${root.pid} and its child ${child?.pid ?? '?'}, two processes joined by the pipe`,
    );
  }
  verdict.expect(
    sent.length === 3 && eof?.received === 3 && view.order(eof) > view.order(sent.at(-1)),
    'program',
    `${sent.length} messages sent; the reader got ${String(eof?.received ?? 'unknown')} and then EOF, after the last send`,
  );
  const child = view.childrenOf(root)[0];
  if (child) verdict.expect(view.endedOnItsOwn(child), 'engine', `${who(child)} ended by itself at ${view.at(child.endedAt)}`);
  endedCleanly(verdict, view);
  return verdict.result();
}
