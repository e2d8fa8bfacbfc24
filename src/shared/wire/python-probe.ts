import type { ProgramPython, PythonProcess } from '../python-program';
import type { ProbeObjectSlot } from './queue-probe';

/**
 * What the object slots and ring events of fsq-probe/2 mean (resources/python/probe/), and the
 * fold of every process's file into one ProgramPython. Word n of a slot is `words[n - 1]`.
 */
export const OBJECT_KIND = { self: 1, child: 2 } as const;
export const EVENT_KIND = { start: 1, joinBegin: 2, joinEnd: 3, terminate: 4, kill: 5, exit: 6 } as const;
const METHODS = [null, 'fork', 'spawn', 'forkserver'] as const;
/** Words of a SELF or CHILD slot (SELF uses the first two). */
const W = { pid: 0, startedAt: 1, joins: 2, joinWaitNs: 3, joinMaxNs: 4, terminatedAt: 5, killedAt: 6, exitKnown: 7, exitcode: 8 };
const NS_PER_MS = 1e6;

export interface ProbedProcessFile {
  pid: number;
  objects: ProbeObjectSlot[];
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

export function foldPythonProgram(files: ProbedProcessFile[], eventsDropped: number): ProgramPython {
  return { processes: foldProcesses(files), eventsDropped };
}
