import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, ProgramQueuesEvent } from '../../../shared/events';
import type { ChildInfo } from '../../../shared/supervision';
import { appRoot } from '../../paths';
import { call, valueOf } from '../../test-support/call';
import { pythonExecutable, pythonOrSkip } from '../../test-support/python';
import { waitFor } from '../../test-support/wait-for';
import { Engine } from '../engine';
import { toTraceEvents, type TraceEvent, type TraceFile } from './perfetto';
import { openRecording } from './reader';

const fixtures = join(appRoot(), 'src', 'main', 'engine', 'queue-lab', '__fixtures__');
const hasPython = pythonOrSkip();
const dir = mkdtempSync(join(tmpdir(), 'forkscope-perfetto-python-'));
let engine: Engine | undefined;
let trace: TraceFile;
const last = new Map<number, ProgramQueuesEvent>();

/** Both programs, recorded through the engine as the app records them ("Chart its Python queues" ticked), then exported. */
beforeAll(async () => {
  if (!hasPython) return;
  engine = new Engine({ shell: 'host', intervalMs: 100 });
  engine.subscribe('engine:events', ({ events }: { events: EngineEvent[] }) => {
    for (const e of events) if (e.type === 'program-queues') last.set(e.pid, e);
  });
  const path = join(dir, 'python.fsrec.gz');
  valueOf(await call(engine, 'recorder:start', { path }));
  const roots: ChildInfo[] = [];
  for (const fixture of ['python_sync.py', 'python_pools.py']) {
    const [root] = valueOf(
      await call(engine, 'supervisor:spawn', {
        command: pythonExecutable(),
        args: [join(fixtures, fixture), 'fork'],
        cwd: fixtures,
        watchQueues: true,
      }),
    );
    roots.push(root!);
  }
  for (const root of roots) valueOf(await call(engine, 'supervisor:join', { pid: root.pid, startTime: root.startTime, timeoutMs: 120_000 }));
  // The watch reads the files a last time once every process of the program is gone.
  await waitFor(
    'the final counts of both programs',
    () =>
      roots.every((r) => {
        const python = last.get(r.pid)?.python;
        return python && python.processes.length > 1 && python.processes.every((p) => p.name === 'MainProcess' || p.exitcode !== null);
      }),
    60_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  valueOf(await call(engine, 'recorder:stop', {}));
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.error.message);
  trace = JSON.parse(JSON.stringify(toTraceEvents(opened.value))) as TraceFile;
}, 240_000);
afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const slices = (cat: string): TraceEvent[] => trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === cat);
const counterValues = (name: string): number[] =>
  trace.traceEvents.filter((e) => e.ph === 'C' && e.name === name).map((e) => e.args![name] as number);
const final = (fixture: string) => [...last.values()].find((e) => e.command.includes(fixture))!.python!;

describe.runIf(hasPython)('the Perfetto export of a probed Python program', () => {
  it('has each contended lock wait as a slice as long as the probe measured it, on the waiting process, and wait counters', () => {
    const { locks, processes } = final('python_sync.py');
    const lock = locks.find((l) => l.id === 'python_sync.py:27')!;
    expect(lock.contended).toBe(1);
    const main = processes.find((p) => p.name === 'MainProcess')!;
    const waits = slices('python-lock').filter((s) => s.args!.lock === 'python_sync.py:27');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ name: 'lock wait python_sync.py:27', args: { pid: main.pid } });
    expect(waits[0]!.dur).toBe(Math.round(lock.waitMs * 1000));
    // The Barrier's and Event's wait() calls are slices too, one per call.
    const barrier = locks.find((l) => l.kind === 'Barrier')!;
    expect(slices('python-lock').filter((s) => s.args!.lock === barrier.id && s.name.startsWith('wait()'))).toHaveLength(barrier.waits);
    expect(counterValues('lock python_sync.py:27 contended').at(-1)).toBe(1);
    expect(counterValues('lock python_sync.py:27 waited (ms)').at(-1)).toBe(Number(lock.waitMs.toFixed(3)));
  });

  it('has every pool task (chunk) as a slice on the worker that ran it, items and failures in its arguments, and task counters', () => {
    const { pools } = final('python_pools.py');
    const tasks = slices('python-pool');
    for (const pool of pools) {
      const ofPool = tasks.filter((t) => t.args!.pool === pool.id);
      expect(ofPool.length).toBe(pool.perWorker.reduce((n, w) => n + w.chunks, 0));
      expect(ofPool.reduce((n, t) => n + (t.args!.items as number), 0)).toBe(pool.tasksStarted);
      const failedItems = ofPool.filter((t) => t.args!.failed === true).reduce((n, t) => n + (t.args!.items as number), 0);
      expect(failedItems).toBe(pool.tasksFailed);
      for (const worker of pool.perWorker)
        expect(ofPool.filter((t) => t.args!.worker === worker.pid).length, `worker ${worker.pid}`).toBe(worker.chunks);
      expect(counterValues(`pool ${pool.id} completed`).at(-1)).toBe(pool.tasksCompleted);
      expect(counterValues(`pool ${pool.id} failed`).at(-1)).toBe(pool.tasksFailed);
    }
    expect(tasks.every((t) => t.args!.ended === true)).toBe(true);
    const threadNames = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name as string);
    expect(threadNames.filter((n) => n.endsWith(' pool tasks')).length).toBeGreaterThan(0);
  });

  it('nests the slices of each thread, as Perfetto needs', () => {
    const byThread = new Map<string, TraceEvent[]>();
    for (const e of trace.traceEvents) if (e.ph === 'X') byThread.set(`${e.pid}:${e.tid}`, [...(byThread.get(`${e.pid}:${e.tid}`) ?? []), e]);
    for (const [thread, list] of byThread) {
      const sorted = list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
      const open: TraceEvent[] = [];
      for (const slice of sorted) {
        while (open.length && open.at(-1)!.ts + open.at(-1)!.dur! <= slice.ts) open.pop();
        const parent = open.at(-1);
        if (parent) expect(slice.ts + slice.dur!, `${thread} ${slice.name} inside ${parent.name}`).toBeLessThanOrEqual(parent.ts + parent.dur!);
        open.push(slice);
      }
    }
  });
});
