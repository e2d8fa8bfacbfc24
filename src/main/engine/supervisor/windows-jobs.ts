import type { SpawnMode, SupervisorEvent } from '../../../shared/events';
import { Win32Job } from '../os/win32-job';
import { readProcess } from '../sampler';

/**
 * Windows only (platform.ts picks it): a job object for each attached or daemon child Forkscope starts, so kill tree
 * of that child's subtree is TerminateJobObject and the subtree dies with Forkscope (KILL_ON_JOB_CLOSE: Windows closes
 * the job when Forkscope's process ends, however it ends). Detached children stay outside any job.
 * The child is started by Node (pipes, environment) and assigned in the same tick: what it starts from then on is in
 * the job; a grandchild started in the instant between Node resuming it and this assignment would not be.
 */
interface Placed {
  job: Win32Job;
  startTime: number;
  timer: NodeJS.Timeout;
  /** Processes the job reported as new, by pid: their identity, read when the message is drained. */
  members: Map<number, { startTime: number; name: string }>;
}

const jobs = new Map<number, Placed>();
const POLL_MS = 500;
const exitListeners = new Set<(event: SupervisorEvent) => void>();

/**
 * The exits of the processes in Forkscope's jobs other than the child itself (whose exit Node reports), with their
 * exit codes, as `exited` events. A process that started and ended between two drains (500 ms) has no identity
 * readable any more and is left out.
 */
export function onJobExit(listener: (event: SupervisorEvent) => void): () => void {
  exitListeners.add(listener);
  return () => exitListeners.delete(listener);
}

/** Assigns a just-started child to a new kill-on-close job; null when done, else why not (the child then runs without one). */
export function placeInJob(pid: number, mode: SpawnMode): string | null {
  if (mode === 'detached') return null;
  const created = Win32Job.create({ killOnClose: true });
  if (!created.ok) return created.message;
  const { job } = created;
  const assigned = job.assign(pid);
  if (!assigned.ok) {
    job.close();
    return assigned.message;
  }
  if (assigned.startTime === null) {
    job.close();
    return `the start time of ${pid} cannot be read, so its job could not be told from a newcomer on its pid`;
  }
  const timer = setInterval(() => drain(pid), POLL_MS);
  timer.unref();
  jobs.set(pid, { job, startTime: assigned.startTime, timer, members: new Map() });
  return null;
}

function drain(pid: number): void {
  const placed = jobs.get(pid);
  if (!placed) return;
  for (const event of placed.job.poll(0)) {
    if (event.type === 'new-process' && event.pid !== pid) {
      // The job holds a handle on it from its new-process message until its exit is read, so its pid cannot be reused
      // meanwhile: the row read now is that process.
      const row = readProcess(event.pid);
      if (row) placed.members.set(event.pid, { startTime: row.startTime, name: row.name });
    }
    const member = event.type === 'exit' ? placed.members.get(event.pid) : undefined;
    if (event.type === 'exit' && member) {
      placed.members.delete(event.pid);
      const t = Date.now();
      const exited: SupervisorEvent = {
        type: 'exited',
        t,
        pid: event.pid,
        ...member,
        code: event.exitCode,
        signal: null,
        runMs: Math.max(0, t - member.startTime),
      };
      for (const listener of exitListeners) listener(exited);
    }
    if (event.type === 'empty') {
      clearInterval(placed.timer);
      placed.job.close();
      jobs.delete(pid);
    }
  }
}

/** Kill tree of a child Forkscope placed in a job: TerminateJobObject; false when `pid` heads no job of Forkscope's. */
export function terminateJobOf(target: { pid: number; startTime: number }, exitCode = 1): boolean {
  const placed = jobs.get(target.pid);
  if (!placed || placed.startTime !== target.startTime) return false;
  const ok = placed.job.terminate(exitCode);
  drain(target.pid);
  return ok;
}

/** Whether `target` heads a job of Forkscope's (for tests and the kill report). */
export function headsJob(target: { pid: number; startTime: number }): boolean {
  return jobs.get(target.pid)?.startTime === target.startTime;
}
