import type { SignalName } from '../../../shared/events';
import { processKey, type ProcessInfo } from '../../../shared/model';
import type { Recording } from '../../../shared/recording';

/** One process as a recording saw it, from first sight to its end. */
export interface ProcessLife {
  /** pid@startTime: a reused pid is another process. */
  key: string;
  pid: number;
  startTime: number;
  name: string;
  cmd: string;
  user: string | null;
  /** Epoch ms, as the OS tells it. */
  startedAt: number;
  /** Parent when first seen. */
  ppid: number;
  /** The parent's identity when it was in the recording at the time. */
  parentKey: string | null;
  parentName: string | null;
  /** Offset of the start, clamped to the recording: 0 for processes that were already running. */
  startDt: number;
  /** Started during the recording (false: it was running when the recording began). */
  startedDuring: boolean;
  /** Offset at which it left the process table (reaped), or null when the recording did not see it go. */
  endDt: number | null;
  /** From the supervisor, for Forkscope's own children: when and how it exited. */
  exit: { dt: number; code: number | null; signal: string | null } | null;
  zombie: { dt: number; ppid: number; parentName: string | null; reapedDt: number | null } | null;
  orphan: { dt: number; formerParent: { pid: number; name: string }; newPpid: number } | null;
  signals: Array<{ dt: number; signal: SignalName; outcome: string }>;
}

/**
 * Every process a recording shows, in order of first sight. Parents are resolved to the process
 * that held the parent pid at the time, so a reused pid never adopts another's children.
 */
export function processLives(recording: Recording): ProcessLife[] {
  const lives = new Map<string, ProcessLife>();
  /** pid → key of the live process holding it now. */
  const alive = new Map<number, string>();
  const start = recording.header.startedAt;

  /** `started`: seen first in a start event, so it began during the recording whatever its start time says (boot time is whole seconds). */
  const see = (p: ProcessInfo, dt: number, started = false): ProcessLife => {
    const key = processKey(p);
    let life = lives.get(key);
    if (life) return life;
    const parentKey = alive.get(p.ppid) ?? null;
    const startedDuring = started || p.startedAt >= start;
    life = {
      key,
      pid: p.pid,
      startTime: p.startTime,
      name: p.name,
      cmd: p.cmd,
      user: p.user,
      startedAt: p.startedAt,
      ppid: p.ppid,
      parentKey,
      parentName: parentKey ? (lives.get(parentKey)?.name ?? null) : null,
      startDt: Math.min(dt, Math.max(0, p.startedAt - start)),
      startedDuring,
      endDt: null,
      exit: null,
      zombie: null,
      orphan: null,
      signals: [],
    };
    lives.set(key, life);
    alive.set(p.pid, key);
    return life;
  };
  const end = (key: string, dt: number): void => {
    const life = lives.get(key);
    if (!life) return;
    if (life.endDt === null) life.endDt = dt;
    if (alive.get(life.pid) === key) alive.delete(life.pid);
  };

  for (const record of recording.records) {
    const { dt } = record;
    if (record.kind === 'keyframe') {
      const present = new Set<string>();
      for (const p of record.snapshot.processes) {
        present.add(see(p, dt).key);
        if (p.zombie) {
          const life = lives.get(processKey(p))!;
          life.zombie ??= { dt, ppid: p.ppid, parentName: nameOf(lives, alive, p.ppid), reapedDt: null };
        }
      }
      // A keyframe is the whole table: whatever is missing ended unseen.
      for (const key of [...alive.values()]) if (!present.has(key)) end(key, dt);
      continue;
    }
    if (record.kind === 'correction') {
      for (const p of record.upsert) see(p, dt);
      for (const p of record.remove) end(processKey(p), dt);
      continue;
    }
    if (record.kind !== 'event') continue;
    const e = record.event;
    switch (e.type) {
      case 'started':
        see(e.process, dt, true);
        break;
      case 'spawned':
        // Without the process row (it ended before it could be read), the supervisor's facts stand in.
        see(
          e.process ?? {
            pid: e.pid,
            ppid: e.ppid,
            name: e.name,
            cmd: [e.command, ...e.args].join(' '),
            state: 'unknown',
            user: null,
            startedAt: e.t,
            startTime: e.startTime,
            cpuPercent: null,
            rssBytes: null,
            zombie: false,
            orphan: false,
          },
          dt,
          true,
        );
        break;
      case 'ended':
        end(processKey(e), dt);
        break;
      case 'exited': {
        const life = lives.get(processKey(e));
        if (life) life.exit = { dt, code: e.code, signal: e.signal };
        break;
      }
      case 'exec': {
        // The kernel's exec event: the same process under its new program's name.
        const life = lives.get(processKey(e));
        if (life) life.name = e.name;
        break;
      }
      case 'exit': {
        // The kernel's exit event: every process's wait status, not only Forkscope's children's.
        const life = lives.get(processKey(e));
        if (life) life.exit ??= { dt, code: e.code, signal: e.signal };
        break;
      }
      case 'became-zombie': {
        const life = lives.get(processKey(e));
        if (life) life.zombie ??= { dt, ppid: e.ppid, parentName: nameOf(lives, alive, e.ppid), reapedDt: null };
        break;
      }
      case 'zombie-reaped': {
        const life = lives.get(processKey(e));
        if (life?.zombie) life.zombie.reapedDt = dt;
        break;
      }
      case 'orphaned': {
        const life = lives.get(processKey(e));
        if (life) life.orphan ??= { dt, formerParent: e.formerParent, newPpid: e.ppid };
        break;
      }
      case 'adopted': {
        const life = lives.get(processKey(e));
        if (life && e.formerParent) life.orphan ??= { dt, formerParent: e.formerParent, newPpid: e.ppid };
        break;
      }
      case 'signaled': {
        lives.get(processKey(e))?.signals.push({ dt, signal: e.signal, outcome: e.outcome });
        break;
      }
    }
  }
  return [...lives.values()];
}

function nameOf(lives: Map<string, ProcessLife>, alive: Map<number, string>, pid: number): string | null {
  const key = alive.get(pid);
  return key ? (lives.get(key)?.name ?? null) : null;
}
