// A scripted session of engine events shaped as the sampler and supervisor send them: a keyframe
// every 10 ticks (and no `sample` on those ticks), churn, a reused pid, a zombie, an orphan, a
// signal, a renamed process (exec) and a queue experiment. Deterministic, for recorder tests.
import type { EngineEvent, ProcessChange } from '../../../../shared/events';
import type { ProcessInfo } from '../../../../shared/model';
import { ProcessTable } from '../../../../shared/process-table';

const SYSTEM = { cpuPerCore: [10, 20], memTotalBytes: 8e9, memAvailableBytes: 4e9, swapTotalBytes: 0, swapFreeBytes: 0, loadAverage: [0.1, 0.2, 0.3] as [number, number, number], uptimeSeconds: 1000 };

export class SyntheticSession {
  readonly table = new ProcessTable();
  private tick = 0;
  t: number;

  constructor(
    readonly startedAt: number,
    readonly intervalMs = 1000,
    readonly keyframeEvery = 10,
  ) {
    this.t = startedAt;
  }

  private proc(pid: number, ppid: number, name: string, startTime = pid * 10): ProcessInfo {
    return { pid, ppid, name, cmd: `${name} --flag, "quoted"`, state: 'sleeping', user: 'me', startedAt: this.t, startTime, cpuPercent: 0, rssBytes: 1000 * pid, zombie: false, orphan: false, pgid: pid, sid: 1, threads: 1 };
  }

  /** The events of the next tick (the first is a keyframe, as the sampler's is). */
  next(): EngineEvent[] {
    const n = this.tick++;
    const t = (this.t = this.startedAt + n * this.intervalMs);
    const events: EngineEvent[] = [];
    const get = (pid: number) => this.table.byPid(pid)!;
    const base = (pid: number) => {
      const p = get(pid);
      return { t, pid: p.pid, startTime: p.startTime, ppid: p.ppid, name: p.name };
    };
    const emit = (event: EngineEvent) => {
      events.push(event);
      this.table.apply(event);
    };
    if (n === 0) {
      // Running since an hour before the recording.
      const processes = [this.proc(1, 0, 'init'), this.proc(100, 1, 'bash'), this.proc(50, 1, 'sshd')].map((p) => ({ ...p, startedAt: t - 3_600_000 }));
      this.table.apply({ type: 'keyframe', t, snapshot: { takenAt: t, platform: 'linux', processes, zombies: [], orphans: [] } });
    }
    // Churn: a short-lived `true` every tick, gone the tick after.
    const churn = 100_000 + n;
    if (this.table.byPid(churn - 1)) emit({ type: 'ended', ...base(churn - 1) });
    if (n > 0) emit({ type: 'started', t, process: this.proc(churn, 100, 'true', churn * 10 + n) });

    switch (n % 40) {
      case 2: {
        const p = this.proc(4242, 100, 'sleep', 42_000 + n);
        emit({ type: 'spawned', t, pid: 4242, startTime: p.startTime, name: 'sleep', ppid: 100, mode: 'attached', command: 'sleep', args: ['30'], logFile: null, process: p });
        emit({ type: 'started', t, process: p });
        break;
      }
      case 3:
        emit({ type: 'queue-started', t, experiment: n, config: { producers: 2 } });
        break;
      case 4: {
        const p = get(4242);
        emit({ type: 'signaled', t, pid: 4242, startTime: p.startTime, name: p.name, signal: 'SIGTERM', outcome: 'delivered' });
        emit({ type: 'exited', t, pid: 4242, startTime: p.startTime, name: p.name, code: null, signal: 'SIGTERM', runMs: 2000 });
        emit({ type: 'ended', ...base(4242) });
        break;
      }
      case 5:
        // The same pid again, another process.
        emit({ type: 'started', t, process: this.proc(4242, 100, 'python3', 42_000 + n) });
        break;
      case 6:
        emit({ type: 'started', t, process: this.proc(300, 100, 'zombie-maker', 3000 + n) });
        emit({ type: 'started', t, process: this.proc(301, 300, 'sleep', 3010 + n) });
        break;
      case 7:
        emit({ type: 'state-changed', ...base(301), from: 'sleeping', to: 'zombie' });
        emit({ type: 'became-zombie', ...base(301) });
        break;
      case 8:
        emit({ type: 'started', t, process: this.proc(400, 100, 'orphan-maker', 4000 + n) });
        emit({ type: 'started', t, process: this.proc(401, 400, 'sleep', 4010 + n) });
        emit({ type: 'queue-finished', t, experiment: n - 5, result: { engine: 'node', messages: 100, seconds: 0.5, throughput: 200, p50LatencyMs: 1, p99LatencyMs: 2, exactlyOnce: true, raisedFull: 0, consumerLost: null } });
        break;
      case 9: {
        emit({ type: 'ended', ...base(400) });
        emit({ type: 'reparented', ...base(401), from: 400, to: 1 });
        emit({ type: 'orphaned', ...base(401), formerParent: { pid: 400, name: 'orphan-maker' } });
        break;
      }
      case 12: {
        emit({ type: 'ended', ...base(300) });
        emit({ type: 'reparented', ...base(301), from: 300, to: 1 });
        break;
      }
      case 13: {
        const zombie = base(301);
        emit({ type: 'ended', ...zombie });
        emit({ type: 'zombie-reaped', ...zombie, ppid: 1, zombieSinceMs: t - 6 * this.intervalMs });
        break;
      }
      case 20: {
        emit({ type: 'ended', ...base(401) });
        emit({ type: 'ended', ...base(4242) });
        break;
      }
    }
    if (n % 40 >= 3 && n % 40 <= 7) {
      emit({ type: 'queue-metrics', t, experiment: n - (n % 40) + 3, metrics: { t, puts: n * 10, gets: n * 8, depth: 2, inFlight: 1, taskDone: n * 8, blockedProducers: 0, waitingConsumers: 0, p50LatencyMs: 1, p99LatencyMs: 3 } });
    }

    // Metrics: bash's CPU moves every tick; on keyframe ticks it rides in the keyframe instead.
    const changes: ProcessChange[] = [{ pid: 100, startTime: 1000, cpuPercent: (n * 7) % 100, rssBytes: 100_000 + (n % 5) }];
    if (n % this.keyframeEvery === 0) {
      this.table.apply({ type: 'sample', t, changes });
      // Every third keyframe, sshd was renamed by an exec: only a keyframe can tell.
      if (n > 0 && n % (3 * this.keyframeEvery) === 0) {
        const sshd = get(50);
        this.table.apply({ type: 'started', t, process: { ...sshd, name: `sshd-${n}`, cmd: `sshd: session ${n}` } });
      }
      events.push({ type: 'keyframe', t, snapshot: this.table.snapshot() });
    } else {
      emit({ type: 'sample', t, changes });
    }
    emit({ type: 'system', t, system: { ...SYSTEM, uptimeSeconds: 1000 + n } });
    return events;
  }
}
