import type { EngineEvent, ProgramQueueStats } from '../../../shared/events';
import type { ProgramPython, PythonProcess } from '../../../shared/python-program';
import type { QueuePoint } from '../../../shared/queue-series';
import { dropOldest, LAB_LIMITS } from '../../../shared/lab-limits';

/** Probed Python processes whose names the tree keeps (a Pool with maxtasksperchild=1 starts one per task). */
const PYTHON_PROCESSES_KEPT = 5000;

/** A Python program started with "chart its queues": its queues now and their recent history. */
export interface ProgramQueuesView {
  pid: number;
  command: string;
  queues: ProgramQueueStats[];
  points: Map<string, QueuePoint[]>;
  /** The program as multiprocessing sees it, when the engine sent it. */
  python: ProgramPython | null;
  /** Epoch ms of the last figures. */
  updatedAt: number;
  /** The figures before the last, for rates. */
  previous: { python: ProgramPython; t: number } | null;
}

/** Folds a program's queue figures into its view: a chart point per queue, and the program as multiprocessing sees it. */
export function noteProgramQueues(
  views: Map<number, ProgramQueuesView>,
  pythonProcesses: Map<number, PythonProcess>,
  event: Extract<EngineEvent, { type: 'program-queues' }>,
): void {
  let view = views.get(event.pid);
  if (!view) {
    views.set(
      event.pid,
      (view = { pid: event.pid, command: event.command, queues: [], points: new Map(), python: null, updatedAt: event.t, previous: null }),
    );
    dropOldest(views, LAB_LIMITS.KEPT_RUNS, () => true);
  }
  for (const q of event.queues) {
    const before = view.queues.find((b) => b.id === q.id);
    let points = view.points.get(q.id);
    if (!points) view.points.set(q.id, (points = []));
    const last = points[points.length - 1];
    const seconds = last ? Math.max(0.001, (event.t - last.t) / 1000) : 1;
    points.push({
      t: event.t,
      throughput: before ? Math.round((q.gets - before.gets) / seconds) : 0,
      depth: q.depth,
      blocked: q.blockedProducers,
      waiting: q.waitingConsumers,
    });
    if (points.length > LAB_LIMITS.CHART_POINTS) points.shift();
  }
  view.queues = event.queues;
  if (event.python) {
    if (view.python) view.previous = { python: view.python, t: view.updatedAt };
    view.python = event.python;
    for (const p of event.python.processes) pythonProcesses.set(p.pid, p);
    dropOldest(pythonProcesses, PYTHON_PROCESSES_KEPT, () => true);
  }
  view.updatedAt = event.t;
}
