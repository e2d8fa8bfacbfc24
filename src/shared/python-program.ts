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

export const ProgramPythonSchema = z.object({
  processes: z.array(PythonProcessSchema),
  pools: z.array(PythonPoolSchema),
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
