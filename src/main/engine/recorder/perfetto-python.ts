import type { ProgramQueuesEvent } from '../../../shared/events';
import type { TraceEvent } from './perfetto';

/** Thread ids of a Python process's own tracks, above any pid (4,194,304 at most on Linux), apart from its lifetime slice's. */
const LOCK_TID = 1_000_000_000;
const TASK_TID = 1_100_000_000;

const us = (ms: number): number => Math.round(ms * 1000);

/**
 * A probed Python program in a trace, from its program-queues events: lock waits (and wait()
 * calls) as slices on a "lock waits" thread of the process that waited, pool tasks as slices on a
 * "pool tasks" thread of the worker that ran them, and counters of each lock's wait and contended
 * acquisitions and each pool's completed, failed and waiting tasks on the program's track.
 * `track` finds a process's track by pid; a process the table never showed goes on the program's.
 */
export class PythonTrace {
  private readonly named = new Set<number>();
  /** Open task per worker thread: its start (ms since the recording began), pool and items. */
  private readonly open = new Map<number, { dt: number; pool: string; items: number; pid: number; track: number }>();
  /** Where each thread's last slice ends, so overlapping ones (waits in two threads of one process) still nest. */
  private readonly lastEnd = new Map<number, number>();

  constructor(private readonly emit: (event: TraceEvent) => void) {}

  add(event: ProgramQueuesEvent, dt: number, programTrack: number, track: (pid: number) => number | undefined): void {
    const toDt = (t: number): number => Math.max(0, dt - (event.t - t));
    for (const entry of event.timeline ?? []) {
      const pid = track(entry.pid) ?? programTrack;
      if (entry.kind === 'lock-wait' || entry.kind === 'wait-call') {
        const tid = this.thread(pid, LOCK_TID + entry.pid, `${entry.pid} lock waits`);
        const end = us(toDt(entry.t));
        const start = Math.max(end - us(entry.ms ?? 0), this.lastEnd.get(tid) ?? 0);
        this.slice({
          name: `${entry.kind === 'lock-wait' ? 'lock wait' : 'wait()'} ${entry.object}`,
          ph: 'X',
          cat: 'python-lock',
          ts: Math.min(start, end),
          dur: Math.max(0, end - start),
          pid,
          tid,
          args: { lock: entry.object, waitedMs: entry.ms, pid: entry.pid },
        });
      } else if (entry.kind === 'task-start') {
        const tid = this.thread(pid, TASK_TID + entry.pid, `${entry.pid} pool tasks`);
        this.open.set(tid, { dt: toDt(entry.t), pool: entry.object, items: entry.items ?? 1, pid: entry.pid, track: pid });
      } else {
        const tid = TASK_TID + entry.pid;
        const started = this.open.get(tid);
        if (!started) continue; // its start was before the recording, or overwritten unread
        this.open.delete(tid);
        this.task(started, tid, toDt(entry.t), entry.failed === true);
      }
    }
    const python = event.python;
    if (!python) return;
    for (const lock of python.locks) {
      this.counter(programTrack, dt, `lock ${lock.id} waited (ms)`, Number(lock.waitMs.toFixed(3)));
      this.counter(programTrack, dt, `lock ${lock.id} contended`, lock.contended);
    }
    for (const pool of python.pools) {
      this.counter(programTrack, dt, `pool ${pool.id} completed`, pool.tasksCompleted);
      this.counter(programTrack, dt, `pool ${pool.id} failed`, pool.tasksFailed);
      this.counter(programTrack, dt, `pool ${pool.id} backlog`, pool.backlog);
    }
  }

  /** Tasks still running when the recording ended end with it. */
  finish(durationMs: number): void {
    for (const [tid, started] of this.open) this.task(started, tid, Math.max(started.dt, durationMs), null);
    this.open.clear();
  }

  private task(
    started: { dt: number; pool: string; items: number; pid: number; track: number },
    tid: number,
    endDt: number,
    failed: boolean | null,
  ): void {
    const ts = Math.max(us(started.dt), this.lastEnd.get(tid) ?? 0);
    this.slice({
      name: `task ${started.pool}`,
      ph: 'X',
      cat: 'python-pool',
      ts,
      dur: Math.max(0, us(endDt) - ts),
      pid: started.track,
      tid,
      args: { pool: started.pool, items: started.items, failed, ended: failed !== null, worker: started.pid },
    });
  }

  private slice(event: TraceEvent): void {
    this.lastEnd.set(event.tid, event.ts + (event.dur ?? 0));
    this.emit(event);
  }

  private thread(pid: number, tid: number, name: string): number {
    if (!this.named.has(tid)) {
      this.named.add(tid);
      this.emit({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
    }
    return tid;
  }

  private counter(pid: number, dt: number, name: string, value: number): void {
    this.emit({ name, ph: 'C', ts: us(dt), pid, tid: pid, args: { [name]: value } });
  }
}
