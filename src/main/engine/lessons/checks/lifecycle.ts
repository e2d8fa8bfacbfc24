import { processKey } from '../../../../shared/model';
import type { CheckResult, LessonObservation } from '../types';
import { endedCleanly, msg, processOfMark, runOf, value, Verdict, who } from './support';

/** Lesson 5: a daemon child ends with its parent's code; not after a SIGKILL, when the lesson ends it by hand. */
export function checkDaemon(observation: LessonObservation): CheckResult {
  const verdict = new Verdict();
  const view = runOf(observation);

  const first = view.mark('heartbeat', (m) => m.scene === 'code-ends');
  const parent1 = processOfMark(verdict, view, first, msg('ev.sceneParent', { scene: 1 }));
  const beat1 = processOfMark(verdict, view, first && { ...first, pid: first.daemon as number }, msg('ev.sceneHeartbeat', { scene: 1 }));
  if (parent1 && beat1) {
    verdict.expect(beat1.parentPid === parent1.pid, 'engine', msg('ev.daemon.startedBy', { beat: who(beat1), parent: who(parent1) }));
    const endedWith = beat1.endedTick !== null && parent1.endedTick !== null && beat1.endedTick <= parent1.endedTick && beat1.reparented.length === 0;
    verdict.expect(
      endedWith,
      'engine',
      msg(endedWith ? 'ev.daemon.endedWith' : 'ev.daemon.outlived', {
        beatAt: view.lastSeenAt(beat1),
        pid: parent1.pid,
        parentAt: view.lastSeenAt(parent1),
      }),
    );
  }

  const assertion = view.mark('daemon-after-start');
  verdict.expect(
    assertion !== undefined,
    'program',
    assertion ? msg('ev.daemon.afterStart', { error: value(assertion.error) }) : msg('ev.daemon.afterStartNothing'),
  );

  const third = view.mark('heartbeat', (m) => m.scene === 'sigkill');
  const parent3 = processOfMark(verdict, view, third, msg('ev.sceneParent', { scene: 3 }));
  const beat3 = processOfMark(verdict, view, third && { ...third, pid: third.daemon as number }, msg('ev.sceneHeartbeat', { scene: 3 }));
  const survivor = view.mark('survivor');
  verdict.expect(
    survivor?.parent_exitcode === -9,
    'program',
    msg('ev.daemon.survivor', { pid: parent3?.pid ?? '?', code: value(survivor?.parent_exitcode) }),
  );
  if (parent3 && beat3) {
    const parentGone = parent3.endedTick;
    const laterTick = parentGone === null ? undefined : view.run.ticks.find((t) => t.index >= parentGone && view.aliveIn(beat3, t));
    const move = beat3.reparented.find((r) => r.from === parent3.pid);
    verdict.expect(
      laterTick !== undefined && move !== undefined,
      'engine',
      laterTick && move
        ? msg(beat3.formerParent ? 'ev.daemon.outlivedAdopted' : 'ev.daemon.outlivedMoved', {
            pid: parent3.pid,
            goneAt: view.at(parentGone === null ? null : view.tick(parentGone).t),
            at: view.at(laterTick.t),
            beat: who(beat3),
            from: move.from,
            to: move.to,
          })
        : msg('ev.daemon.notOutliving', { beat: who(beat3), parent: who(parent3) }),
    );
    verdict.expect(
      view.endedOnItsOwn(beat3),
      'engine',
      view.endedOnItsOwn(beat3)
        ? msg('ev.daemon.endedByHand', { pid: beat3.pid, at: view.at(beat3.endedAt) })
        : msg(beat3.killedByForkscope ? 'ev.daemon.leftForForkscope' : 'ev.daemon.neverEnded', { pid: beat3.pid }),
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
    worker ? msg('ev.terminate.worker', { root: who(root), worker: who(worker), at: view.seenAt(worker) }) : msg('ev.terminate.noWorker'),
  );
  if (worker) {
    verdict.expect(
      view.endedOnItsOwn(worker) && (root.endedTick === null || worker.endedTick! <= root.endedTick),
      'engine',
      msg('ev.terminate.gone', { at: view.at(worker.endedAt), pid: root.pid }),
    );
  }
  if (observation.engine === 'python') {
    const right = view.mark('is-alive', (m) => m.when === 'right after terminate()');
    verdict.note('program', msg('ev.terminate.rightAfter', { value: value(right?.value) }));
    const joined = view.mark('is-alive', (m) => m.when === 'after join()');
    verdict.expect(
      joined?.value === false && joined.exitcode === -15,
      'program',
      msg('ev.terminate.afterJoin', { value: value(joined?.value), exitcode: value(joined?.exitcode) }),
    );
  } else {
    const right = view.mark('running');
    verdict.note('program', msg(right?.value ? 'ev.terminate.nodeStillRunning' : 'ev.terminate.nodeGone', { killed: value(right?.killed) }));
    const exit = view.mark('exit');
    verdict.expect(exit?.signal === 'SIGTERM', 'program', msg('ev.terminate.exitEvent', { signal: value(exit?.signal) }));
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
  const late = processOfMark(verdict, view, lateMark && { ...lateMark, pid: lateMark.child as number }, msg('ev.sceneChild', { scene: 1 }));
  if (late) {
    verdict.expect(
      late.zombieTick !== null && late.parentPid === root.pid,
      'engine',
      late.zombieTick !== null
        ? msg('ev.zombie.late', { who: who(late), at: view.at(view.tick(late.zombieTick).t), pid: root.pid })
        : msg('ev.zombie.never', { who: who(late) }),
    );
    const reapedBy = late.endedTick !== null && late.reparented.length === 0 && view.aliveIn(root, view.tick(late.endedTick));
    verdict.expect(
      reapedBy,
      'engine',
      reapedBy ? msg('ev.zombie.joined', { at: view.at(late.endedAt), pid: root.pid }) : msg('ev.zombie.endUnseen', { pid: root.pid }),
    );
  }

  const neverMark = view.mark('zombie', (m) => m.scene === 'never-waits');
  const parent = processOfMark(verdict, view, neverMark, msg('ev.sceneParent', { scene: 2 }));
  const zombie = processOfMark(verdict, view, neverMark && { ...neverMark, pid: neverMark.child as number }, msg('ev.sceneChild', { scene: 2 }));
  if (parent && zombie) {
    const since = zombie.zombieTick;
    verdict.expect(
      since !== null && zombie.parentPid === parent.pid,
      'engine',
      since !== null
        ? msg('ev.zombie.since', { who: who(zombie), at: view.at(view.tick(since).t), parent: who(parent) })
        : msg('ev.zombie.never', { who: who(zombie) }),
    );
    if (since !== null) {
      const whileParent = view.run.ticks.filter((t) => t.index >= since && view.aliveIn(parent, t));
      const stayed = whileParent.every((t) => t.zombies.includes(processKey(zombie)));
      verdict.expect(stayed, 'engine', msg('ev.zombie.stayed', { count: whileParent.length, pid: parent.pid }));
    }
    const adopted = zombie.reparented.at(-1);
    const reaped = zombie.endedTick !== null && parent.endedTick !== null && zombie.endedTick >= parent.endedTick;
    verdict.expect(
      reaped,
      'engine',
      reaped
        ? msg(adopted ? 'ev.zombie.reapedByAdopter' : 'ev.zombie.reapedAtOnce', {
            pid: parent.pid,
            parentAt: view.at(parent.endedAt),
            at: view.at(zombie.endedAt),
            by: adopted?.to ?? '',
          })
        : zombie.endedTick === null
          ? msg('ev.zombie.stillThere', { pid: zombie.pid, ppid: zombie.lastPpid })
          : msg('ev.zombie.wentFirst', { pid: zombie.pid }),
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
  const child = processOfMark(verdict, view, before, msg('theChild'));
  if (child) {
    verdict.expect(child.parentPid === root.pid, 'engine', msg('ev.orphan.started', { child: who(child), root: who(root), at: view.seenAt(child) }));
    const rootGone = root.endedTick;
    const laterTick = rootGone === null ? undefined : view.run.ticks.find((t) => t.index >= rootGone && view.aliveIn(child, t));
    verdict.expect(
      root.exit?.code === 0 && laterTick !== undefined,
      'engine',
      laterTick
        ? msg('ev.orphan.outlived', { pid: root.pid, code: String(root.exit?.code), goneAt: view.at(root.endedAt), at: view.at(laterTick.t) })
        : msg('ev.orphan.notOutlived', { pid: root.pid }),
    );
    const move = child.reparented.find((r) => r.from === root.pid);
    verdict.expect(
      move !== undefined,
      'engine',
      move
        ? msg(child.formerParent ? 'ev.orphan.reparentedAdopted' : 'ev.orphan.reparented', { at: view.at(move.t), from: move.from, to: move.to })
        : msg('ev.orphan.noReparenting'),
    );
    const after = view.mark('parent', (m) => m.when === 'after' && m.pid === child.pid);
    verdict.expect(
      before?.ppid === root.pid && after !== undefined && after.ppid === move?.to,
      'engine + program',
      msg('ev.orphan.ownView', { before: value(before?.ppid), after: value(after?.ppid) }),
    );
    verdict.expect(view.endedOnItsOwn(child), 'engine', msg('ev.orphan.endedItself', { at: view.at(child.endedAt) }));
    if (child.adoptedBy !== null) {
      // Forkscope runs lessons as a child subreaper, so the orphan came to it, and it alone has the exit status.
      verdict.expect(
        move?.to === child.adoptedBy && child.exit !== null,
        'engine',
        msg('ev.orphan.reaped', {
          pid: child.adoptedBy,
          how: child.exit
            ? child.exit.signal
              ? msg('killedBy', { signal: child.exit.signal })
              : msg('exitCode', { code: String(child.exit.code) })
            : msg('noExitStatus'),
        }),
      );
    }
  }
  endedCleanly(verdict, view);
  return verdict.result();
}
