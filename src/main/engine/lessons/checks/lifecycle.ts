import { processKey } from '../../../../shared/model';
import type { CheckResult, LessonObservation } from '../types';
import { endedCleanly, processOfMark, runOf, Verdict, who } from './support';

/** Lesson 5: a daemon child ends with its parent's code; not after a SIGKILL, when the lesson ends it by hand. */
export function checkDaemon(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);

  const first = view.mark('heartbeat', (m) => m.scene === 'code-ends');
  const parent1 = processOfMark(verdict, view, first, "scene 1's parent");
  const beat1 = processOfMark(verdict, view, first && { ...first, pid: first.daemon as number }, "scene 1's daemon heartbeat");
  if (parent1 && beat1) {
    verdict.expect(beat1.parentPid === parent1.pid, 'engine', `heartbeat ${who(beat1)} was started by ${who(parent1)} as a daemon child`);
    const endedWith = beat1.endedTick !== null && parent1.endedTick !== null && beat1.endedTick <= parent1.endedTick && beat1.reparented.length === 0;
    verdict.expect(
      endedWith,
      'engine',
      `the heartbeat, which loops forever, was last seen at ${view.lastSeenAt(beat1)} and ${parent1.pid} at ${view.lastSeenAt(parent1)}: ` +
        `${endedWith ? 'it never outlived its parent and was never re-parented (the exit handler ended it)' : 'it outlived its parent'}`,
    );
  }

  const assertion = view.mark('daemon-after-start');
  verdict.expect(
    assertion !== undefined,
    'program',
    assertion ? `setting daemon after start() raised ${String(assertion.error)}` : 'setting daemon after start() raised nothing',
  );

  const third = view.mark('heartbeat', (m) => m.scene === 'sigkill');
  const parent3 = processOfMark(verdict, view, third, "scene 3's parent");
  const beat3 = processOfMark(verdict, view, third && { ...third, pid: third.daemon as number }, "scene 3's daemon heartbeat");
  const survivor = view.mark('survivor');
  verdict.expect(
    survivor?.parent_exitcode === -9,
    'program',
    `the main process saw scene 3's parent ${parent3?.pid ?? '?'} end with exit code ${String(survivor?.parent_exitcode ?? 'unknown')} (-9 is SIGKILL: no exit handler ran)`,
  );
  if (parent3 && beat3) {
    const parentGone = parent3.endedTick;
    const laterTick = parentGone === null ? undefined : view.run.ticks.find((t) => t.index >= parentGone && view.aliveIn(beat3, t));
    const move = beat3.reparented.find((r) => r.from === parent3.pid);
    verdict.expect(
      laterTick !== undefined && move !== undefined,
      'engine',
      laterTick && move
        ? `${parent3.pid} was gone at ${view.at(parentGone === null ? null : view.tick(parentGone).t)}; at ${view.at(laterTick.t)} its daemon ` +
            `${who(beat3)} was still running, re-parented from ${move.from} to ${move.to}${beat3.formerParent ? ' (an orphan adopted by a reaper)' : ''}`
        : `the daemon ${who(beat3)} was not seen outliving ${who(parent3)}`,
    );
    verdict.expect(
      view.endedOnItsOwn(beat3),
      'engine',
      view.endedOnItsOwn(beat3)
        ? `the lesson ended the survivor ${beat3.pid} by hand: gone at ${view.at(beat3.endedAt)}`
        : `the survivor ${beat3.pid} was ${beat3.killedByForkscope ? 'left for Forkscope to kill' : 'never seen to end'}`,
    );
  }
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 6: terminate() (or kill()) ends a running child by SIGTERM; what the parent sees right after varies. */
export function checkTerminate(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const [worker, ...others] = view.childrenOf(root);
  verdict.expect(
    worker !== undefined && others.length === 0,
    'engine',
    worker ? `${who(root)} started the worker ${who(worker)}, seen running at ${view.seenAt(worker)}` : 'no worker was seen',
  );
  if (worker) {
    verdict.expect(
      view.endedOnItsOwn(worker) && (root.endedTick === null || worker.endedTick! <= root.endedTick),
      'engine',
      `the worker, meant to work for 60 s, was gone at ${view.at(worker.endedAt)}, while ${root.pid} still ran`,
    );
  }
  if (observation.engine === 'python') {
    const right = view.mark('is-alive', (m) => m.when === 'right after terminate()');
    verdict.note(
      'program',
      `right after terminate(), is_alive() said ${String(right?.value ?? 'unknown')} (True or False: the signal may not have landed yet)`,
    );
    const joined = view.mark('is-alive', (m) => m.when === 'after join()');
    verdict.expect(
      joined?.value === false && joined.exitcode === -15,
      'program',
      `after join(), is_alive() said ${String(joined?.value ?? 'unknown')} and exitcode was ${String(joined?.exitcode ?? 'unknown')} (-15: SIGTERM)`,
    );
  } else {
    const right = view.mark('running');
    verdict.note(
      'program',
      `right after kill(): killed = ${String(right?.killed ?? 'unknown')}, and as far as Node knew the child was ${right?.value ? 'still running' : 'gone'}`,
    );
    const exit = view.mark('exit');
    verdict.expect(exit?.signal === 'SIGTERM', 'program', `the 'exit' event came with signal ${String(exit?.signal ?? 'unknown')}`);
  }
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 7: a zombie stays until its parent waits, or until its parent dies and a reaper takes it. */
export function checkZombie(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;

  const lateMark = view.mark('zombie', (m) => m.scene === 'waits-late');
  const late = processOfMark(verdict, view, lateMark && { ...lateMark, pid: lateMark.child as number }, "scene 1's child");
  if (late) {
    verdict.expect(
      late.zombieTick !== null && late.parentPid === root.pid,
      'engine',
      late.zombieTick !== null
        ? `${who(late)} exited and was a zombie (state Z) at ${view.at(view.tick(late.zombieTick).t)}, child of ${root.pid}`
        : `${who(late)} was never seen as a zombie`,
    );
    const reapedBy = late.endedTick !== null && late.reparented.length === 0 && view.aliveIn(root, view.tick(late.endedTick));
    verdict.expect(
      reapedBy,
      'engine',
      reapedBy
        ? `it was gone at ${view.at(late.endedAt)} while its parent ${root.pid} still ran and was never re-parented: join() reaped it`
        : `its end was not seen while ${root.pid} ran`,
    );
  }

  const neverMark = view.mark('zombie', (m) => m.scene === 'never-waits');
  const parent = processOfMark(verdict, view, neverMark, "scene 2's parent");
  const zombie = processOfMark(verdict, view, neverMark && { ...neverMark, pid: neverMark.child as number }, "scene 2's child");
  if (parent && zombie) {
    const since = zombie.zombieTick;
    verdict.expect(
      since !== null && zombie.parentPid === parent.pid,
      'engine',
      since !== null
        ? `${who(zombie)} was a zombie at ${view.at(view.tick(since).t)}, child of ${who(parent)}`
        : `${who(zombie)} was never seen as a zombie`,
    );
    if (since !== null) {
      const whileParent = view.run.ticks.filter((t) => t.index >= since && view.aliveIn(parent, t));
      const stayed = whileParent.every((t) => t.zombies.includes(processKey(zombie)));
      verdict.expect(stayed, 'engine', `it stayed a zombie in all ${whileParent.length} samples taken while ${parent.pid} lived`);
    }
    const adopted = zombie.reparented.at(-1);
    const reaped = zombie.endedTick !== null && parent.endedTick !== null && zombie.endedTick >= parent.endedTick;
    verdict.expect(
      reaped,
      'engine',
      reaped
        ? `${parent.pid} was gone at ${view.at(parent.endedAt)}; the zombie was gone at ${view.at(zombie.endedAt)}, ` +
            `${adopted ? `adopted by ${adopted.to}, which reaped it` : 'reaped by init or a subreaper as soon as it adopted it'}`
        : zombie.endedTick === null
          ? `the zombie ${zombie.pid} is still there, child of ${zombie.lastPpid}: that reaper does not reap`
          : `the zombie ${zombie.pid} went before its parent did`,
    );
  }
  endedCleanly(verdict, view);
  return verdict.result();
}

/** Lesson 8: the parent exits first; its child keeps running under a new parent. */
export function checkOrphan(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);
  const { root } = view;
  const before = view.mark('parent', (m) => m.when === 'before');
  const child = processOfMark(verdict, view, before, 'the child');
  if (child) {
    verdict.expect(child.parentPid === root.pid, 'engine', `${who(child)} started as a child of ${who(root)} at ${view.seenAt(child)}`);
    const rootGone = root.endedTick;
    const laterTick = rootGone === null ? undefined : view.run.ticks.find((t) => t.index >= rootGone && view.aliveIn(child, t));
    verdict.expect(
      root.exit?.code === 0 && laterTick !== undefined,
      'engine',
      laterTick
        ? `${root.pid} exited (code ${String(root.exit?.code)}) and was gone at ${view.at(root.endedAt)}; at ${view.at(laterTick.t)} its child was still running`
        : `the child was not seen running after ${root.pid} exited`,
    );
    const move = child.reparented.find((r) => r.from === root.pid);
    verdict.expect(
      move !== undefined,
      'engine',
      move
        ? `at ${view.at(move.t)} the sampler saw it re-parented from ${move.from} to ${move.to}${child.formerParent ? ', an orphan adopted by a reaper' : ''}`
        : 'no re-parenting was seen',
    );
    const after = view.mark('parent', (m) => m.when === 'after' && m.pid === child.pid);
    verdict.expect(
      before?.ppid === root.pid && after !== undefined && after.ppid === move?.to,
      'engine + program',
      `the child's own view agrees: its parent was ${String(before?.ppid)} before and ${String(after?.ppid ?? 'unknown')} after`,
    );
    verdict.expect(view.endedOnItsOwn(child), 'engine', `it kept running and ended by itself at ${view.at(child.endedAt)}`);
    if (child.adoptedBy !== null) {
      // Forkscope runs lessons as a child subreaper, so the orphan came to it, and it alone has the exit status.
      verdict.expect(
        move?.to === child.adoptedBy && child.exit !== null,
        'engine',
        `Forkscope (${child.adoptedBy}), a child subreaper, adopted it and reaped it: ` +
          (child.exit ? (child.exit.signal ? `killed by ${child.exit.signal}` : `exit code ${child.exit.code}`) : 'no exit status was seen'),
      );
    }
  }
  endedCleanly(verdict, view);
  return verdict.result();
}
