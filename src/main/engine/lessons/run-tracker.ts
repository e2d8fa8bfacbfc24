import type { EngineEvent, SamplerEvent } from '../../../shared/events';
import { lessonText } from '../../../shared/lesson-text/format';
import { code, msg, type LessonMessage } from '../../../shared/lesson-text/message';
import { adoption } from '../supervisor/adoption';
import { processKey, type ProcessInfo, type ProcessKey, type Snapshot } from '../../../shared/model';
import type { Observation, SeenProcess, Tick } from './types';

interface RootInfo {
  pid: number;
  startTime: number;
  name: string;
  startedAt: number;
}

/**
 * Follows one lesson run's process subtree sample by sample: which processes belonged to it,
 * when each was first and last seen, re-parentings, zombies, and the root's exit. A process
 * belongs when its parent is a present member, or when it is in the root's session (the root
 * is started as a session leader), so a process re-parented away is still followed.
 */
export class RunTracker {
  readonly ticks: Tick[] = [];
  readonly observations: Observation[] = [];
  readonly root: SeenProcess;
  private readonly members = new Map<ProcessKey, SeenProcess>();
  private readonly rootKey: string;
  private rootExited = false;

  constructor(
    private readonly run: string,
    root: RootInfo,
  ) {
    this.rootKey = processKey(root);
    this.root = this.member({ ...root, ppid: process.pid, cmd: '' }, true);
  }

  /** Every process that ever belonged to the run, the root first. */
  processes(): SeenProcess[] {
    return [...this.members.values()];
  }

  has(key: ProcessKey): boolean {
    return this.members.has(key);
  }

  /** Is this event about one of the run's processes? (for forwarding to a live view) */
  concerns(event: EngineEvent): boolean {
    if (event.type === 'started') return this.members.has(processKey(event.process));
    if ('pid' in event && 'startTime' in event && typeof event.startTime === 'number')
      return this.members.has(processKey(event as { pid: number; startTime: number }));
    return false;
  }

  onSupervisorEvent(event: EngineEvent): void {
    if (event.type === 'adopted' || (event.type === 'exited' && processKey(event) !== this.rootKey)) {
      const m = this.members.get(processKey(event));
      if (!m) return;
      if (event.type === 'adopted') {
        m.adoptedBy = event.ppid;
        if (event.formerParent && !m.formerParent) m.formerParent = event.formerParent;
        this.note(
          event.t,
          m.pid,
          event.formerParent
            ? msg('obs.adopted', { who: who(m), parent: who(event.formerParent), by: event.ppid })
            : msg('obs.adoptedUnknownParent', { who: who(m), by: event.ppid }),
        );
      } else {
        m.exit = { code: event.code, signal: event.signal };
        this.note(event.t, m.pid, msg('obs.exitedAdopted', { who: who(m), how: exitedHow(event) }));
      }
      return;
    }
    if (event.type !== 'exited' || processKey(event) !== this.rootKey) return;
    this.rootExited = true;
    this.root.exit = { code: event.code, signal: event.signal };
    this.note(event.t, this.root.pid, msg('obs.exitedRoot', { who: who(this.root), how: exitedHow(event) }));
  }

  /** One sampler tick: its events (for the time) and the sampler's table after folding them in. */
  onTick(events: readonly SamplerEvent[], snapshot: Snapshot): void {
    const t = events.reduce((max, e) => Math.max(max, e.t), 0) || snapshot.takenAt || Date.now();
    const index = this.ticks.length;
    const byKey = new Map(snapshot.processes.map((p) => [processKey(p), p]));
    const presentPids = new Set<number>();
    for (const [key, m] of this.members) if (byKey.has(key)) presentPids.add(m.pid);
    for (let added = true; added;) {
      added = false;
      for (const [key, p] of byKey) {
        if (this.members.has(key)) continue;
        if (!presentPids.has(p.ppid) && !(p.sid === this.root.pid && p.pid !== this.root.pid)) continue;
        const m = this.member(p, false);
        presentPids.add(p.pid);
        added = true;
        this.note(t, p.pid, msg('obs.started', { who: who(m), ppid: p.ppid, cmd: code(p.cmd) }));
      }
    }

    const tick: Tick = { index, t, alive: [], zombies: [] };
    for (const [key, m] of this.members) {
      const p = byKey.get(key);
      if (!p) {
        if (m.lastTick !== null && m.endedTick === null) {
          m.endedTick = index;
          m.endedAt = t;
          this.note(t, m.pid, msg(m.zombieTick !== null ? 'obs.goneReaped' : 'obs.gone', { who: who(m) }));
        }
        continue;
      }
      m.firstTick ??= index;
      m.lastTick = index;
      m.name = p.name;
      if (p.cmd) m.cmd = p.cmd;
      if (p.ppid !== m.lastPpid) {
        m.reparented.push({ tick: index, t, from: m.lastPpid, to: p.ppid });
        this.note(t, m.pid, msg('obs.reparented', { who: who(m), from: m.lastPpid, to: p.ppid }));
        m.lastPpid = p.ppid;
      }
      if (p.formerParent && !m.formerParent) m.formerParent = p.formerParent;
      if (p.state === 'zombie') {
        if (m.zombieTick === null) {
          m.zombieTick = index;
          this.note(t, m.pid, msg('obs.zombie', { who: who(m), ppid: p.ppid }));
        }
        tick.zombies.push(key);
      } else tick.alive.push(key);
    }
    this.ticks.push(tick);
  }

  /** The root has exited and every other process has ended or is a zombie (whose parent's wait may never come). */
  finished(): boolean {
    if (!this.rootExited) return false;
    const last = this.ticks.at(-1);
    if (!last) return false;
    // A zombie Forkscope adopted is about to be reaped by it: wait to see it gone, so its end is on the record.
    const reapedSoon = (m: SeenProcess): boolean => m.lastPpid === process.pid && adoption().active;
    return [...this.members.values()].every(
      (m) => m.endedTick !== null || m.lastTick !== last.index || (last.zombies.includes(processKey(m)) && !reapedSoon(m)),
    );
  }

  /** Keys of the processes the last sample showed running (not zombies). */
  aliveNow(): SeenProcess[] {
    const last = this.ticks.at(-1);
    return last ? last.alive.map((key) => this.members.get(key)!) : [];
  }

  markKilled(target: { pid: number; startTime: number }, how: string): void {
    const m = this.members.get(processKey(target));
    if (m) m.killedByForkscope = how;
  }

  /** A line of the timeline: its message, and the message in English as `text` (what `--json` and older clients read). */
  note(t: number, pid: number | null, message: LessonMessage, source: Observation['source'] = 'engine'): void {
    this.observations.push({ t, run: this.run, source, pid, text: lessonText('en', message), message });
  }

  private member(p: Pick<ProcessInfo, 'pid' | 'startTime' | 'name' | 'startedAt' | 'ppid' | 'cmd'>, root: boolean): SeenProcess {
    const seen: SeenProcess = {
      pid: p.pid,
      startTime: p.startTime,
      name: p.name,
      cmd: p.cmd,
      parentPid: p.ppid,
      lastPpid: p.ppid,
      startedAt: p.startedAt,
      firstTick: null,
      lastTick: null,
      endedTick: null,
      endedAt: null,
      zombieTick: null,
      reparented: [],
      formerParent: null,
      root,
      exit: null,
      adoptedBy: null,
      killedByForkscope: null,
    };
    this.members.set(processKey(p), seen);
    return seen;
  }
}

export function who(p: { pid: number; name: string }): LessonMessage {
  return msg('who', { pid: p.pid, name: p.name });
}

/** "exited by SIGTERM" or "exited with code 0". */
export function exitedHow(exit: { code: number | null; signal: string | null }): LessonMessage {
  return exit.signal ? msg('exitedBy', { signal: exit.signal }) : msg('exitedCode', { code: String(exit.code) });
}
