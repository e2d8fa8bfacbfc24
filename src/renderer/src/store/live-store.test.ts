import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, SystemStats } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { processInfo } from '../../../shared/__fixtures__/process-info';
import { LIFETIME_CUE_MS, LiveStore, LOG_LIMIT } from './live-store';
import { LAB_LIMITS } from '../../../shared/lab-limits';

// The store's input is the engine's event stream; these are events as the sampler and supervisor send them.
const p = (pid: number, ppid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo =>
  processInfo(pid, ppid, `n${pid}`, {
    cmd: `cmd${pid}`,
    user: 'ada',
    startedAt: 1000 + pid,
    startTime: 5000 + pid,
    cpuPercent: 1,
    rssBytes: 4096,
    ...extra,
  });
const key = (x: ProcessInfo) => `${x.pid}@${x.startTime}`;
const id = (x: ProcessInfo) => ({ pid: x.pid, startTime: x.startTime, ppid: x.ppid, name: x.name });
const NOW = 1_700_000_000_000;
const keyframe = (t: number, processes: ProcessInfo[]): EngineEvent => ({
  type: 'keyframe',
  t,
  snapshot: { takenAt: t, platform: 'linux', processes, zombies: [], orphans: [] },
});
const system: SystemStats = {
  cpuPerCore: [20, 40],
  memTotalBytes: 1000,
  memAvailableBytes: 250,
  swapTotalBytes: 0,
  swapFreeBytes: 0,
  loadAverage: [0.5, 0.4, 0.3],
  uptimeSeconds: 60,
};
const init = p(1, 0, { name: 'init', user: 'root' });
const shell = p(10, 1, { name: 'bash' });

afterEach(() => vi.useRealTimers());

function storeAt(now: number): LiveStore {
  vi.useFakeTimers({ now, toFake: ['Date'] });
  return new LiveStore();
}

describe('LiveStore', () => {
  it('folds a keyframe into the table and tells its subscribers once per batch', () => {
    const store = storeAt(NOW);
    const seen: number[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.version));
    store.apply([keyframe(NOW, [init, shell])]);
    store.apply([{ type: 'sample', t: NOW + 1000, changes: [{ pid: 10, startTime: shell.startTime, cpuPercent: 75 }] }]);
    unsubscribe();
    store.apply([{ type: 'ended', t: NOW + 2000, ...id(shell) }]);
    expect(seen).toEqual([1, 2]);
    expect(store.getVersion()).toBe(3);
    expect(store.table.get(key(init))?.name).toBe('init');
    expect(store.table.get(key(shell))).toBeUndefined();
  });

  it('flashes a process started after the first keyframe, not those the first table already had', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init, shell])]);
    const child = p(11, 10);
    store.apply([{ type: 'started', t: NOW + 500, process: child }]);
    expect([...store.startedAt.keys()]).toEqual([key(child)]);
    vi.setSystemTime(NOW + 500 + LIFETIME_CUE_MS + 1);
    store.apply([{ type: 'sample', t: NOW + 4000, changes: [] }]);
    expect(store.startedAt.size).toBe(0);
  });

  it('keeps an ended process for the lingering cue, then forgets it, and drops its history at once', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init, shell])]);
    expect(store.history(key(shell))).toEqual([{ t: NOW, cpu: 1, rss: 4096 }]);
    store.apply([{ type: 'ended', t: NOW, ...id(shell) }]);
    expect(store.ended.get(key(shell))?.process.name).toBe('bash');
    expect(store.history(key(shell))).toEqual([]);
    vi.setSystemTime(NOW + LIFETIME_CUE_MS + 1);
    store.apply([]);
    expect(store.ended.size).toBe(0);
    // Details still shows it, as it ended, with who reaped it.
    expect(store.gone.get(key(shell))).toMatchObject({ process: { name: 'bash', state: 'dead' }, reapedBy: shell.ppid });
  });

  it('shows an ended process as dead with its exit, not as the zombie it was before its parent reaped it', () => {
    const store = storeAt(NOW);
    const sh = p(30, 1, { name: 'sh' });
    store.apply([keyframe(NOW, [init, sh])]);
    store.apply([{ type: 'exit', t: NOW + 1, ...id(sh), code: 2, signal: null, core: false, runMs: 40 }]);
    expect(store.table.get(key(sh))?.state).toBe('zombie');
    store.apply([{ type: 'ended', t: NOW + 2, ...id(sh) }]);
    expect(store.ended.get(key(sh))?.process).toMatchObject({ state: 'dead', zombie: false, exit: { code: 2, signal: null } });
  });

  it("takes a child's exit from the supervisor when the kernel did not report it", () => {
    const store = storeAt(NOW);
    const child = p(31, 1, { name: 'crash' });
    store.apply([keyframe(NOW, [init, child])]);
    store.apply([
      { type: 'exited', t: NOW + 1, pid: child.pid, startTime: child.startTime, name: 'crash', code: null, signal: 'SIGKILL', runMs: 9 },
      { type: 'ended', t: NOW + 2, ...id(child) },
    ]);
    expect(store.gone.get(key(child))?.process.exit).toMatchObject({ code: null, signal: 'SIGKILL', runMs: 9 });
  });

  it('records one history point per process per tick, bounded to a ring of 300', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [shell])]);
    for (let i = 1; i <= 320; i++)
      store.apply([{ type: 'sample', t: NOW + i * 1000, changes: [{ pid: 10, startTime: shell.startTime, cpuPercent: i }] }]);
    store.apply([]); // no new tick: no new point
    const ring = store.history(key(shell));
    expect(ring).toHaveLength(300);
    expect(ring[ring.length - 1]).toEqual({ t: NOW + 320_000, cpu: 320, rss: 4096 });
    expect(ring[0]!.cpu).toBe(21);
  });

  it('knows since when a process is a zombie, from the event or from the keyframe that first shows it', () => {
    const store = storeAt(NOW);
    const old = p(20, 10, { state: 'zombie', zombie: true });
    store.apply([keyframe(NOW, [init, shell, old])]);
    const fresh = p(21, 10);
    store.apply([{ type: 'started', t: NOW + 100, process: fresh }]);
    store.apply([
      { type: 'state-changed', t: NOW + 900, ...id(fresh), from: 'sleeping', to: 'zombie' },
      { type: 'became-zombie', t: NOW + 900, ...id(fresh), ppid: 10 },
    ]);
    expect(store.zombieSince.get(key(old))).toBe(NOW);
    expect(store.zombieSince.get(key(fresh))).toBe(NOW + 900);
    store.apply([{ type: 'ended', t: NOW + 1000, ...id(fresh) }]);
    expect(store.zombieSince.has(key(fresh))).toBe(false);
  });

  it("keeps the supervisor's facts about its children: mode, then exit", () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init])]);
    const child = p(30, 1, { name: 'sleep' });
    store.apply([
      { type: 'spawned', t: NOW + 10, ...id(child), ppid: 1, mode: 'daemon', command: 'sleep', args: ['5'], logFile: null, process: child },
    ]);
    expect(store.table.get(key(child))?.name).toBe('sleep'); // shown before the sampler confirms it
    expect(store.startedAt.has(key(child))).toBe(true);
    store.apply([{ type: 'exited', t: NOW + 20, ...id(child), code: null, signal: 'SIGTERM', runMs: 10 }]);
    expect(store.children.get(key(child))).toEqual({ mode: 'daemon', exit: { code: null, signal: 'SIGTERM', runMs: 10 } });
  });

  it('logs the lives of processes, newest last, and not table plumbing', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init, shell])]);
    store.apply([
      { type: 'system', t: NOW, system },
      { type: 'sample', t: NOW, changes: [] },
      { type: 'reparented', t: NOW + 1, ...id(shell), from: 1, to: 2 },
      { type: 'ended', t: NOW + 2, ...id(shell) },
    ]);
    expect(store.log.map((e) => e.type)).toEqual(['reparented', 'ended']);
  });

  it('keeps the last LOG_LIMIT (20,000) log events', () => {
    expect(LOG_LIMIT).toBe(20_000);
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init])]);
    const events: EngineEvent[] = [];
    for (let i = 0; i < LOG_LIMIT + 100; i++)
      events.push({ type: 'reparented', t: NOW + i, pid: 1, startTime: init.startTime, ppid: 0, name: 'init', from: i, to: i + 1 });
    store.apply(events);
    expect(store.log).toHaveLength(LOG_LIMIT);
    expect(store.log[0]).toMatchObject({ from: 100 });
    // Batch by batch too: each new event pushes out the oldest.
    const before = store.logVersion;
    store.apply([{ type: 'reparented', t: NOW + LOG_LIMIT + 100, pid: 1, startTime: init.startTime, ppid: 0, name: 'init', from: -1, to: -2 }]);
    expect(store.log).toHaveLength(LOG_LIMIT);
    expect(store.log[0]).toMatchObject({ from: 101 });
    expect(store.log.at(-1)).toMatchObject({ from: -1 });
    expect(store.logVersion).toBeGreaterThan(before);
  });

  it("drops the machine's lifecycle lines before what Forkscope did or found when the log is full", () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init])]);
    const child = p(40, 1);
    const spawned: EngineEvent = {
      type: 'spawned',
      t: NOW,
      ...id(child),
      mode: 'attached',
      command: 'sleep',
      args: ['30'],
      logFile: null,
      process: child,
    };
    const zombie: EngineEvent = { type: 'became-zombie', t: NOW + 1, pid: 40, startTime: child.startTime, ppid: 1, name: 'n40' };
    store.apply([spawned, zombie]);
    const churn = (i: number): EngineEvent => ({ type: 'started', t: NOW + 10 + i, process: p(1000 + i, 1) });
    store.apply(Array.from({ length: LOG_LIMIT + 500 }, (_, i) => churn(i)));
    expect(store.log).toHaveLength(LOG_LIMIT);
    expect(store.log.slice(0, 2).map((e) => e.type)).toEqual(['spawned', 'became-zombie']);
    // The 502 oldest starts went (the log was full at LOG_LIMIT with the two kept), the newest is still there.
    expect(store.log[2]).toMatchObject({ type: 'started', process: { pid: 1000 + 502 } });
    expect(store.log.at(-1)).toMatchObject({ process: { pid: 1000 + LOG_LIMIT + 499 } });
    expect(store.logChurnDroppedUntil).toBe(NOW + 10 + 501);
    // One batch at a time, the kept two stay at the front.
    store.apply([churn(LOG_LIMIT + 500)]);
    expect(store.log).toHaveLength(LOG_LIMIT);
    expect(store.log.slice(0, 3).map((e) => e.type)).toEqual(['spawned', 'became-zombie', 'started']);
    expect(store.log[2]).toMatchObject({ process: { pid: 1000 + 503 } });
  });

  it('turns system stats into percentages for the header charts', () => {
    const store = storeAt(NOW);
    store.apply([{ type: 'system', t: NOW, system }]);
    expect(store.system).toEqual(system);
    expect(store.systemHistory).toEqual([{ t: NOW, cpu: 30, memory: 75, swap: 0 }]);
  });

  it('charts a queue experiment: throughput from the gets between two samples, result and failure', () => {
    const store = storeAt(NOW);
    const queues = store.revisions.queues;
    store.apply([{ type: 'queue-started', t: NOW, experiment: 1, config: { capacity: 3 } }]);
    const metrics = { puts: 0, depth: 2, inFlight: 1, taskDone: 0, blockedProducers: 1, waitingConsumers: 0, p50LatencyMs: 1.5, p99LatencyMs: 3 };
    store.apply([{ type: 'queue-metrics', t: NOW + 500, experiment: 1, metrics: { ...metrics, t: NOW + 500, gets: 100 } }]);
    store.apply([{ type: 'queue-metrics', t: NOW + 1000, experiment: 1, metrics: { ...metrics, t: NOW + 1000, gets: 400 } }]);
    const view = store.experiments.get(1)!;
    expect(view.points.map((x) => x.throughput)).toEqual([200, 600]);
    // Depth is what the queue holds (2); the credit granted for a put on its way (inFlight) is not a message in it.
    expect(view.points[0]).toMatchObject({ depth: 2, blocked: 1, waiting: 0, p50: 1.5, p99: 3 });
    store.apply([{ type: 'queue-failed', t: NOW + 2000, experiment: 1, message: 'the consumer died' }]);
    expect(view.failure).toBe('the consumer died');
    expect(store.revisions.queues).toBe(queues + 4);
  });

  it(`keeps no more experiments than the engine (${LAB_LIMITS.KEPT_RUNS}), the oldest finished first; the lab starts over from a kept batch`, () => {
    const store = storeAt(NOW);
    const result = { engine: 'node' as const, messages: 1, seconds: 1, throughput: 1, p50LatencyMs: null, p99LatencyMs: null };
    store.apply([{ type: 'queue-started', t: NOW, experiment: 1, config: {} }]);
    for (let id = 2; id <= LAB_LIMITS.KEPT_RUNS + 3; id++) {
      store.apply([{ type: 'queue-started', t: NOW, experiment: id, config: {} }]);
      store.apply([{ type: 'queue-finished', t: NOW, experiment: id, result: { ...result, exactlyOnce: true, raisedFull: 0, consumerLost: null } }]);
    }
    const ids = [...store.experiments.keys()];
    expect(ids).toHaveLength(LAB_LIMITS.KEPT_RUNS);
    // Experiment 1 never finished: it stays, with the latest others.
    expect(ids.slice(0, 2)).toEqual([1, 5]);
    store.resetLab();
    expect(store.experiments.size).toBe(0);
  });

  it('marks the processes of an experiment and their descendants', () => {
    const store = storeAt(NOW);
    const queueMain = p(40, 10);
    const worker = p(41, 40);
    const grandchild = p(42, 41);
    store.apply([keyframe(NOW, [init, shell, queueMain, worker, grandchild])]);
    store.apply([{ type: 'queue-processes', t: NOW, experiment: 7, pids: [40] }]);
    expect(store.experimentOf(key(grandchild))).toBe(7);
    expect(store.experimentOf(key(queueMain))).toBe(7);
    expect(store.experimentOf(key(shell))).toBeUndefined();
  });

  it("charts a program's own queues with the throughput between two reports", () => {
    const store = storeAt(NOW);
    const q = { id: 'q1', kind: 'Queue' as const, maxsize: 3, puts: 10, gets: 10, depth: 0, maxDepth: 2, taskDone: 0, blockedProducers: 0 };
    const stats = { ...q, waitingConsumers: 1, raisedFull: 0, raisedEmpty: 0, processes: 2 };
    store.apply([{ type: 'program-queues', t: NOW, pid: 50, command: 'python3 app.py', queues: [stats] }]);
    store.apply([{ type: 'program-queues', t: NOW + 2000, pid: 50, command: 'python3 app.py', queues: [{ ...stats, gets: 30 }] }]);
    const view = store.programQueues.get(50)!;
    expect(view.queues[0]!.gets).toBe(30);
    expect(view.points.get('q1')!.map((x) => x.throughput)).toEqual([0, 10]);
  });

  it('starts over on reset, and the views of runs and experiments learn of it', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init, shell]), { type: 'system', t: NOW, system }]);
    store.apply([{ type: 'queue-started', t: NOW, experiment: 1, config: {} }]);
    const { queues, lessons } = store.revisions;
    store.reset();
    expect(store.table.size).toBe(0);
    expect(store.experiments.size).toBe(0);
    expect(store.systemHistory).toEqual([]);
    expect(store.system).toBeNull();
    expect(store.history(key(shell))).toEqual([]);
    expect(store.revisions.queues).toBeGreaterThan(queues);
    expect(store.revisions.lessons).toBeGreaterThan(lessons);
  });

  it('moves problemsVersion for what zombie and orphan views read, not for metrics alone', () => {
    const store = storeAt(NOW);
    store.apply([keyframe(NOW, [init, shell])]);
    const after = (events: EngineEvent[]): number => {
      const before = store.problemsVersion;
      store.apply(events);
      return store.problemsVersion - before;
    };
    expect(after([{ type: 'sample', t: NOW + 1000, changes: [{ pid: 10, startTime: shell.startTime, cpuPercent: 75, rssBytes: 1 }] }])).toBe(0);
    expect(after([{ type: 'sample', t: NOW + 2000, changes: [{ pid: 10, startTime: shell.startTime, orphan: true }] }])).toBe(1);
    expect(after([{ type: 'state-changed', t: NOW + 3000, ...id(shell), from: 'sleeping', to: 'zombie' }])).toBe(1);
    store.reset();
    expect(after([])).toBe(0);
  });
});
