import { z } from 'zod';

/**
 * A Python program as multiprocessing sees it, folded from the probe's files (one per process,
 * src/shared/wire/queue-probe.ts): its processes, pools, locks, pipes and managers. Ids are the
 * `file:line` of the program's code that made the object (`#2`… when one line makes several).
 */
export const StartMethodSchema = z.enum(['fork', 'spawn', 'forkserver']);

export const PythonProcessSchema = z.object({
  pid: z.number().int(),
  /** multiprocessing's name: MainProcess, Process-3, ForkPoolWorker-1, SyncManager-1 … */
  name: z.string(),
  /** `module.function` it runs (null for the main process). */
  target: z.string().nullable(),
  /** `file:line` of the target's definition. */
  targetSite: z.string().nullable(),
  daemon: z.boolean(),
  startMethod: StartMethodSchema.nullable(),
  /** The process that started it, as multiprocessing knows it (a forkserver child names the program, not the forkserver). */
  parentPid: z.number().int().nullable(),
  /** As multiprocessing reported it to the parent: negative is the signal that ended it; null until the parent saw it. */
  exitcode: z.number().int().nullable(),
  /** Epoch ms of start(), of the last terminate() and kill(). */
  startedAt: z.number().nullable(),
  terminatedAt: z.number().nullable(),
  killedAt: z.number().nullable(),
  /** Who called join() on it (its parent), how often, and how long those calls waited. */
  joinedBy: z.number().int().nullable(),
  joins: z.number().int(),
  joinWaitMs: z.number(),
  maxJoinWaitMs: z.number(),
});
export type PythonProcess = z.infer<typeof PythonProcessSchema>;

/** One worker's share of a pool's tasks, as the worker counted them in its own file. */
export const PoolWorkerSchema = z.object({
  pid: z.number().int(),
  tasksStarted: z.number().int(),
  tasksCompleted: z.number().int(),
  tasksFailed: z.number().int(),
  chunks: z.number().int(),
  /** Inside a task when last read. */
  busy: z.boolean(),
});
export type PoolWorker = z.infer<typeof PoolWorkerSchema>;

/** A Pool or ProcessPoolExecutor. Tasks are items (a map chunk of 100 is 100 tasks); chunks are counted apart. */
export const PythonPoolSchema = z.object({
  id: z.string(),
  kind: z.enum(['Pool', 'ProcessPoolExecutor']),
  /** Pid of the process that made it. */
  ownerPid: z.number().int(),
  /** Worker processes the pool started over its life (replacements under maxtasksperchild included). */
  workers: z.number().int(),
  /** The size it was made with. */
  size: z.number().int(),
  tasksSubmitted: z.number().int(),
  tasksStarted: z.number().int(),
  tasksCompleted: z.number().int(),
  tasksFailed: z.number().int(),
  /** Failed tasks by exception type (every item of a map chunk that raised fails with it). */
  failedBy: z.record(z.string(), z.number().int()),
  chunks: z.number().int(),
  maxChunk: z.number().int(),
  /** Submitted and not yet taken by a worker. */
  backlog: z.number().int(),
  calls: z.object({ map: z.number().int(), imap: z.number().int(), applyAsync: z.number().int(), submit: z.number().int() }),
  perWorker: z.array(PoolWorkerSchema),
});
export type PythonPool = z.infer<typeof PythonPoolSchema>;

/** What one process did with an object: the edges of the program's graph. */
export const ObjectUserSchema = z.object({
  pid: z.number().int(),
  /** Puts, sends or acquisitions. */
  out: z.number().int(),
  /** Gets, receives or wait() calls. */
  in: z.number().int(),
  /** Time it spent blocked on the object (lock waits, recv, wait()). */
  blockedMs: z.number(),
  /** Blocked on it when last read. */
  blockedNow: z.boolean(),
});
export type ObjectUser = z.infer<typeof ObjectUserSchema>;

/** Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event or Barrier, all processes summed. */
export const PythonLockSchema = z.object({
  id: z.string(),
  kind: z.enum(['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier']),
  acquires: z.number().int(),
  /** Acquisitions that had to wait, and how long they waited. */
  contended: z.number().int(),
  waitMs: z.number(),
  maxWaitMs: z.number(),
  /** The pid that acquired it last and has not released it (the last acquirer, for a Semaphore). */
  holderPid: z.number().int().nullable(),
  /** Acquisitions that timed out or were asked not to block and found it taken. */
  gaveUp: z.number().int(),
  /** wait() calls (Condition, Event, Barrier) and their time; Event set()/clear(). */
  waits: z.number().int(),
  waitCallMs: z.number(),
  sets: z.number().int(),
  clears: z.number().int(),
  users: z.array(ObjectUserSchema),
});
export type PythonLock = z.infer<typeof PythonLockSchema>;

const DirectionSchema = z.object({ messages: z.number().int(), bytes: z.number().int() });

/** A Pipe(): end a is the first connection it returned. */
export const PythonPipeSchema = z.object({
  id: z.string(),
  duplex: z.boolean(),
  aToB: DirectionSchema,
  bToA: DirectionSchema,
  /** Time spent in recv, which is mostly waiting for the other end. */
  recvBlockedMs: z.number(),
  maxRecvBlockedMs: z.number(),
  users: z.array(ObjectUserSchema.extend({ end: z.enum(['a', 'b']) })),
});
export type PythonPipe = z.infer<typeof PythonPipeSchema>;

/** One shared object a manager holds, as its proxies in every process used it. */
export const PythonProxySchema = z.object({
  /** Where the program asked the manager for it (`file:line`), or `typeid object-id` when it came another way (returned by a proxy). */
  id: z.string(),
  /** The manager's type id: dict, list, Queue, Lock, Namespace … */
  type: z.string(),
  /** Calls through its proxies (each a round trip to the server), their time, and those that raised. */
  calls: z.number().int(),
  callMs: z.number(),
  maxCallMs: z.number(),
  raised: z.number().int(),
  /** Per process: calls (out); time in calls (blockedMs); inside a call when last read. */
  users: z.array(ObjectUserSchema),
});
export type PythonProxy = z.infer<typeof PythonProxySchema>;

/** A manager the program started (SyncManager for multiprocessing.Manager()), its server process and its shared objects. */
export const PythonManagerSchema = z.object({
  /** `file:line` that started it; `manager #key` for one this program only connected to. */
  id: z.string(),
  /** The manager's class (SyncManager, or the program's own BaseManager subclass); null when only connected to. */
  kind: z.string().nullable(),
  ownerPid: z.number().int().nullable(),
  /** The server process and its multiprocessing name (SyncManager-1). */
  serverPid: z.number().int().nullable(),
  serverName: z.string().nullable(),
  calls: z.number().int(),
  /** Proxies and calls by type id. */
  byType: z.record(z.string(), z.object({ proxies: z.number().int(), calls: z.number().int() })),
  proxies: z.array(PythonProxySchema),
});
export type PythonManager = z.infer<typeof PythonManagerSchema>;

export const ProgramPythonSchema = z.object({
  processes: z.array(PythonProcessSchema),
  pools: z.array(PythonPoolSchema),
  locks: z.array(PythonLockSchema),
  pipes: z.array(PythonPipeSchema),
  /** Absent in recordings made before managers were probed. */
  managers: z.array(PythonManagerSchema).optional(),
  /** Per process and queue: puts (out) and gets (in), for the graph; the queue view has the totals. */
  queueUsers: z.array(ObjectUserSchema.extend({ id: z.string() })),
  /** Ring entries overwritten before Forkscope read them (the counters above never lose anything). */
  eventsDropped: z.number().int(),
});
export type ProgramPython = z.infer<typeof ProgramPythonSchema>;

/** How a process shows beside its pid: `Process-3 · worker() app.py:12 · daemon`. */
export function pythonProcessLabel(process: PythonProcess): string {
  const parts = [process.name];
  if (process.target) {
    const name = process.target.split('.').at(-1) ?? process.target;
    parts.push(`${name}()${process.targetSite ? ` ${process.targetSite}` : ''}`);
  }
  if (process.daemon) parts.push('daemon');
  return parts.join(' · ');
}

const SIGNAL_NAMES: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/** An exit code as multiprocessing reports it: `-15 (SIGTERM)`, `1`, or null when not seen. */
export function pythonExitText(exitcode: number | null): string | null {
  if (exitcode === null) return null;
  if (exitcode >= 0) return String(exitcode);
  const name = SIGNAL_NAMES[-exitcode];
  return name ? `${exitcode} (${name})` : String(exitcode);
}
