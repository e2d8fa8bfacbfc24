import type { ObjectUser, ProgramPython, PythonLock, PythonPipe, PythonPool, PythonProcess } from '../python-program';
import { foldManagers, managerQueueParts } from './python-managers';
import type { ProbeObjectSlot, ProbeQueueTotals } from './queue-probe';

/**
 * What the object slots and ring events of fsq-probe/2 mean (resources/python/probe/), and the
 * fold of every process's file into one ProgramPython. Word n of a slot is `words[n - 1]`.
 */
export const OBJECT_KIND = { self: 1, child: 2, pool: 3, poolWorker: 4, poolFailure: 5, lock: 6, pipeEnd: 7, manager: 8, proxy: 9 } as const;
export const EVENT_KIND = {
  start: 1,
  joinBegin: 2,
  joinEnd: 3,
  terminate: 4,
  kill: 5,
  exit: 6,
  taskStart: 10,
  taskEnd: 11,
  lockWait: 20,
  waitCall: 21,
} as const;
const LOCK_KINDS = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier'] as const;
const METHODS = [null, 'fork', 'spawn', 'forkserver'] as const;
/** Words of a SELF or CHILD slot (SELF uses the first two). */
const W = { pid: 0, startedAt: 1, joins: 2, joinWaitNs: 3, joinMaxNs: 4, terminatedAt: 5, killedAt: 6, exitKnown: 7, exitcode: 8 };
const NS_PER_MS = 1e6;

export interface ProbedProcessFile {
  pid: number;
  objects: ProbeObjectSlot[];
  queues?: ProbeQueueTotals[];
  /** The process has ended: what it was doing when last read is over. */
  gone?: boolean;
}

function describe(slot: ProbeObjectSlot): Pick<PythonProcess, 'name' | 'target' | 'targetSite' | 'daemon' | 'startMethod'> {
  const [name = '', target = '', site = ''] = slot.label.split('\x1f');
  return {
    name,
    target: target || null,
    targetSite: site || null,
    daemon: (slot.flags & 1) === 1,
    startMethod: METHODS[(slot.flags >> 1) & 3] ?? null,
  };
}

const msOrNull = (ns: number): number | null => (ns > 0 ? ns / NS_PER_MS : null);

/** Processes by pid: each one's own description, overlaid with what its parent recorded of it. */
export function foldProcesses(files: ProbedProcessFile[]): PythonProcess[] {
  const byPid = new Map<number, PythonProcess>();
  for (const file of files) {
    const self = file.objects.filter((o) => o.kind === OBJECT_KIND.self).at(-1);
    if (!self || byPid.has(file.pid)) continue;
    byPid.set(file.pid, {
      pid: file.pid,
      ...describe(self),
      parentPid: self.extra || null,
      exitcode: null,
      startedAt: null,
      terminatedAt: null,
      killedAt: null,
      joinedBy: null,
      joins: 0,
      joinWaitMs: 0,
      maxJoinWaitMs: 0,
    });
  }
  const recordedAt = new Map<number, number>();
  for (const file of files) {
    for (const child of file.objects) {
      if (child.kind !== OBJECT_KIND.child) continue;
      const w = child.words;
      const pid = w[W.pid]!;
      // A pid the system reused: the later start is the one alive in these files.
      if ((recordedAt.get(pid) ?? -1) > w[W.startedAt]!) continue;
      recordedAt.set(pid, w[W.startedAt]!);
      const own = byPid.get(pid);
      const parents = describe(child);
      byPid.set(pid, {
        pid,
        ...parents,
        // The parent knows how it started the child; the child's guess only fills a gap.
        startMethod: parents.startMethod ?? own?.startMethod ?? null,
        parentPid: file.pid,
        exitcode: w[W.exitKnown] === 1 ? w[W.exitcode]! : null,
        startedAt: msOrNull(w[W.startedAt]!),
        terminatedAt: msOrNull(w[W.terminatedAt]!),
        killedAt: msOrNull(w[W.killedAt]!),
        joinedBy: w[W.joins]! > 0 ? file.pid : null,
        joins: w[W.joins]!,
        joinWaitMs: w[W.joinWaitNs]! / NS_PER_MS,
        maxJoinWaitMs: w[W.joinMaxNs]! / NS_PER_MS,
      });
    }
  }
  return [...byPid.values()].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.pid - b.pid);
}

/** Pools by id: the maker's submissions, summed with every worker's own counts. */
export function foldPools(files: ProbedProcessFile[]): PythonPool[] {
  const pools = new Map<string, PythonPool>();
  for (const file of files) {
    for (const slot of file.objects) {
      if (slot.kind !== OBJECT_KIND.pool) continue;
      const w = slot.words;
      pools.set(slot.label, {
        id: slot.label,
        kind: slot.flags === 1 ? 'ProcessPoolExecutor' : 'Pool',
        ownerPid: file.pid,
        workers: w[0]!,
        size: w[8]!,
        tasksSubmitted: w[1]!,
        tasksStarted: 0,
        tasksCompleted: 0,
        tasksFailed: 0,
        failedBy: {},
        chunks: w[2]!,
        maxChunk: w[7]!,
        backlog: 0,
        calls: { map: w[3]!, imap: w[4]!, applyAsync: w[5]!, submit: w[6]! },
        perWorker: [],
      });
    }
  }
  for (const file of files) {
    for (const slot of file.objects) {
      if (slot.kind === OBJECT_KIND.poolWorker) {
        const pool = pools.get(slot.label);
        if (!pool) continue;
        const [started = 0, completed = 0, failed = 0, chunks = 0, busy = 0] = slot.words;
        pool.perWorker.push({ pid: file.pid, tasksStarted: started, tasksCompleted: completed, tasksFailed: failed, chunks, busy: busy === 1 });
        pool.tasksStarted += started;
        pool.tasksCompleted += completed;
        pool.tasksFailed += failed;
      } else if (slot.kind === OBJECT_KIND.poolFailure) {
        const [id = '', type = '?'] = slot.label.split('\x1f');
        const pool = pools.get(id);
        if (pool) pool.failedBy[type] = (pool.failedBy[type] ?? 0) + slot.words[0]!;
      }
    }
  }
  for (const pool of pools.values()) {
    pool.backlog = Math.max(0, pool.tasksSubmitted - pool.tasksStarted);
    pool.perWorker.sort((a, b) => a.pid - b.pid);
  }
  return [...pools.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** Locks by id, every process's counts summed; each process that used one is a user. */
export function foldLocks(files: ProbedProcessFile[]): PythonLock[] {
  const locks = new Map<string, PythonLock>();
  for (const file of files) {
    for (const slot of file.objects) {
      if (slot.kind !== OBJECT_KIND.lock) continue;
      const [
        acquires = 0,
        contended = 0,
        waitNs = 0,
        maxWaitNs = 0,
        holder = 0,
        waiting = 0,
        gaveUp = 0,
        sets = 0,
        clears = 0,
        waits = 0,
        waitCallNs = 0,
      ] = slot.words;
      const lock =
        locks.get(slot.label) ??
        ({
          id: slot.label,
          kind: LOCK_KINDS[slot.flags] ?? 'Lock',
          acquires: 0,
          contended: 0,
          waitMs: 0,
          maxWaitMs: 0,
          holderPid: null,
          gaveUp: 0,
          waits: 0,
          waitCallMs: 0,
          sets: 0,
          clears: 0,
          users: [],
        } satisfies PythonLock);
      locks.set(slot.label, lock);
      lock.acquires += acquires;
      lock.contended += contended;
      lock.waitMs += waitNs / NS_PER_MS;
      lock.maxWaitMs = Math.max(lock.maxWaitMs, maxWaitNs / NS_PER_MS);
      if (holder > 0 && !file.gone) lock.holderPid = holder;
      lock.gaveUp += gaveUp;
      lock.waits += waits;
      lock.waitCallMs += waitCallNs / NS_PER_MS;
      lock.sets += sets;
      lock.clears += clears;
      lock.users.push({
        pid: file.pid,
        out: acquires,
        in: waits,
        blockedMs: (waitNs + waitCallNs) / NS_PER_MS,
        blockedNow: waiting > 0 && !file.gone,
      });
    }
  }
  return sortById([...locks.values()]);
}

/** Pipes by id: what end a sent is what went a → b. */
export function foldPipes(files: ProbedProcessFile[]): PythonPipe[] {
  const pipes = new Map<string, PythonPipe>();
  for (const file of files) {
    for (const slot of file.objects) {
      if (slot.kind !== OBJECT_KIND.pipeEnd) continue;
      const [sent = 0, sentBytes = 0, received = 0, , recvNs = 0, maxRecvNs = 0, inRecv = 0] = slot.words;
      const pipe =
        pipes.get(slot.label) ??
        ({
          id: slot.label,
          duplex: (slot.flags & 2) === 2,
          aToB: { messages: 0, bytes: 0 },
          bToA: { messages: 0, bytes: 0 },
          recvBlockedMs: 0,
          maxRecvBlockedMs: 0,
          users: [],
        } satisfies PythonPipe);
      pipes.set(slot.label, pipe);
      const end = (slot.flags & 1) === 1 ? 'b' : 'a';
      const direction = end === 'a' ? pipe.aToB : pipe.bToA;
      direction.messages += sent;
      direction.bytes += sentBytes;
      pipe.recvBlockedMs += recvNs / NS_PER_MS;
      pipe.maxRecvBlockedMs = Math.max(pipe.maxRecvBlockedMs, maxRecvNs / NS_PER_MS);
      pipe.users.push({ pid: file.pid, end, out: sent, in: received, blockedMs: recvNs / NS_PER_MS, blockedNow: inRecv === 1 && !file.gone });
    }
  }
  return sortById([...pipes.values()]);
}

function queueUsers(files: ProbedProcessFile[]): (ObjectUser & { id: string })[] {
  const own = files.flatMap((file) => (file.queues ?? []).map((q) => ({ pid: file.pid, gone: file.gone, q })));
  const managed = managerQueueParts(files).map((part) => ({ pid: part.pid, gone: false, q: part.totals }));
  return [...own, ...managed].map(({ pid, gone, q }) => ({
    id: q.id,
    pid,
    out: q.puts,
    in: q.gets,
    blockedMs: 0,
    blockedNow: !gone && q.putting + q.getting > 0,
  }));
}

function sortById<T extends { id: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export function foldPythonProgram(files: ProbedProcessFile[], eventsDropped: number): ProgramPython {
  const processes = foldProcesses(files);
  return {
    processes,
    pools: foldPools(files),
    locks: foldLocks(files),
    pipes: foldPipes(files),
    managers: foldManagers(files, processes),
    queueUsers: queueUsers(files),
    eventsDropped,
  };
}
