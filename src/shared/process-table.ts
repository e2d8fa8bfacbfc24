import { INIT_ONLY, isReaper } from './analysis/reapers';
import type { EngineEvent, SystemStats } from './events';
import { processKey, type LifecycleStatus, type Platform, type ProcessInfo, type Snapshot } from './model';

/**
 * The process table folded from sampler events. The engine, the UI store and replay all use
 * this one fold, so a live, recorded or replayed session looks the same everywhere.
 */
export class ProcessTable {
  private readonly rows = new Map<string, ProcessInfo>();
  private readonly keyByPid = new Map<number, string>();
  takenAt = 0;
  platform: Platform | null = null;
  /** Bumped on every change, so views can tell cheaply whether to redraw. */
  version = 0;
  system: SystemStats | null = null;
  /** Kernel events or sampling alone, as the source last said. */
  lifecycle: LifecycleStatus | null = null;

  get size(): number {
    return this.rows.size;
  }

  /** Applies one event; returns false for events about processes this table never saw (harmless). */
  apply(event: EngineEvent): boolean {
    this.version++;
    this.takenAt = Math.max(this.takenAt, event.t);
    switch (event.type) {
      case 'keyframe':
        this.rows.clear();
        this.keyByPid.clear();
        this.platform = event.snapshot.platform;
        if (event.snapshot.lifecycle) this.lifecycle = event.snapshot.lifecycle;
        for (const p of event.snapshot.processes) this.put(p);
        return true;
      case 'started':
        this.put(event.process);
        return true;
      case 'ended': {
        const key = processKey(event);
        this.rows.delete(key);
        if (this.keyByPid.get(event.pid) === key) this.keyByPid.delete(event.pid);
        return true;
      }
      case 'reparented':
        return this.update(event, { ppid: event.to });
      case 'state-changed':
        return this.update(event, { state: event.to, zombie: event.to === 'zombie' });
      case 'orphaned':
        return this.update(event, { orphan: true, formerParent: event.formerParent });
      case 'adopted':
        return this.update(event, event.formerParent ? { orphan: true, formerParent: event.formerParent } : { orphan: true });
      case 'system':
        this.system = event.system;
        return true;
      case 'exec':
        return this.update(event, event.cmd === null ? { name: event.name } : { name: event.name, cmd: event.cmd });
      case 'exit':
        return this.update(event, {
          state: 'zombie',
          zombie: true,
          exit: { code: event.code, signal: event.signal, core: event.core, runMs: event.runMs },
        });
      case 'lifecycle':
        this.lifecycle = { mode: event.mode, reason: event.reason };
        return true;
      case 'events-lost':
        return true;
      case 'became-zombie':
      case 'zombie-reaped':
      case 'exited':
      case 'reaped':
      case 'signaled':
      case 'joined':
      case 'restart-scheduled':
      case 'restarted':
      case 'restart-ended':
        // Carried by the table's own events (state-changed, ended); these are for the log.
        return true;
      case 'queue-started':
      case 'queue-metrics':
      case 'queue-processes':
      case 'queue-finished':
      case 'queue-failed':
      case 'program-queues':
      case 'lesson-started':
      case 'lesson-event':
      case 'lesson-observation':
      case 'lesson-finished':
      case 'lesson-failed':
      case 'sampler-failed':
        return true;
      case 'spawned':
        // Shown at once, before the sampler's next tick confirms it.
        if (event.process && !this.rows.has(processKey(event.process))) this.put(event.process);
        return true;
      case 'sample': {
        for (const change of event.changes) {
          const { pid: _pid, startTime: _startTime, ...fields } = change;
          this.update(change, fields);
        }
        return true;
      }
    }
  }

  /** Forgets everything, for a view that starts over (a replay opened or sought). */
  clear(): void {
    this.rows.clear();
    this.keyByPid.clear();
    this.takenAt = 0;
    this.system = null;
    this.lifecycle = null;
    this.version++;
  }

  get(key: string): ProcessInfo | undefined {
    return this.rows.get(key);
  }

  byPid(pid: number): ProcessInfo | undefined {
    const key = this.keyByPid.get(pid);
    return key === undefined ? undefined : this.rows.get(key);
  }

  processes(): ProcessInfo[] {
    return [...this.rows.values()];
  }

  snapshot(): Snapshot {
    const processes = this.processes();
    return {
      takenAt: this.takenAt,
      platform: this.platform ?? 'linux',
      processes,
      zombies: processes.filter((p) => p.zombie).map((p) => p.pid),
      orphans: processes.filter((p) => p.orphan).map((p) => p.pid),
      ...(this.lifecycle ? { lifecycle: this.lifecycle } : {}),
    };
  }

  private put(p: ProcessInfo): void {
    const key = processKey(p);
    // A recording from before the engine marked reapers: the mark it would have made, knowing no subreapers.
    this.rows.set(key, p.reaper === undefined ? { ...p, reaper: isReaper(p, INIT_ONLY) } : p);
    this.keyByPid.set(p.pid, key);
  }

  private update(id: { pid: number; startTime: number }, fields: Partial<ProcessInfo>): boolean {
    const key = processKey(id);
    const current = this.rows.get(key);
    if (!current) return false;
    // A new object per change keeps React's identity checks meaningful.
    this.rows.set(key, { ...current, ...fields });
    return true;
  }
}
