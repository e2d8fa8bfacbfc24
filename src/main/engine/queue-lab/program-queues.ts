import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { ProgramQueueStats, ProgramTimelineEntry } from '../../../shared/events';
import type { ProgramPython } from '../../../shared/python-program';
import { managerQueueParts } from '../../../shared/wire/python-managers';
import { EVENT_KIND, foldPythonProgram } from '../../../shared/wire/python-probe';
import {
  parseProbeFile,
  QUEUE_PROBE_ENV,
  type ProbeEvent,
  type ProbeObjectSlot,
  type ProbeQueueTotals,
  RING_ENTRIES,
} from '../../../shared/wire/queue-probe';
import { unpackedResourcesDir } from '../../paths';

const READ_EVERY_MS = 100;
/** Ring events kept per watch for the timeline; older ones go first (the counters keep everything). */
export const KEPT_EVENTS_LIMIT = 50_000;

interface WatchedFile {
  pid: number;
  queues: ProbeQueueTotals[];
  objects: ProbeObjectSlot[];
  final: boolean;
  /** Highest ring sequence number taken from this file. */
  lastSeq: number;
}

/** What a watch publishes: the figures, and the timeline entries read since the last publish. */
export type ProgramUpdate = (queues: ProgramQueueStats[], python: ProgramPython, timeline: ProgramTimelineEntry[]) => void;

const TIMELINE_KINDS: Record<number, ProgramTimelineEntry['kind']> = {
  [EVENT_KIND.taskStart]: 'task-start',
  [EVENT_KIND.taskEnd]: 'task-end',
  [EVENT_KIND.lockWait]: 'lock-wait',
  [EVENT_KIND.waitCall]: 'wait-call',
};

/** A ring event as the timeline keeps it: what it is about named by its object's id (a pool's or a lock's). */
function timelineEntry(event: ProbeEvent, pid: number, objects: ProbeObjectSlot[]): ProgramTimelineEntry | null {
  const kind = TIMELINE_KINDS[event.kind];
  const object = event.slot >= 0 ? objects[event.slot]?.label : undefined;
  if (!kind || object === undefined) return null;
  if (kind === 'task-start') return { pid, t: event.t, kind, object, items: event.a };
  if (kind === 'task-end') return { pid, t: event.t, kind, object, items: event.a, failed: event.b === 1 };
  return { pid, t: event.t, kind, object, ms: event.a / 1e6 };
}

/** A ring event with the pid of the process whose file it came from. */
export interface ProgramProbeEvent extends ProbeEvent {
  pid: number;
}

/** The folder Forkscope puts first on PYTHONPATH: a sitecustomize that loads the probe. */
export function probeDir(): string {
  return join(unpackedResourcesDir(), 'python', 'probe');
}

/** Whether a process with this pid exists (one of another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads the queue probe files of one Python program and its multiprocessing children (one
 * file per process, see src/shared/wire/queue-probe.ts) and folds them into per-queue figures,
 * published ten times a second while they change. Depth is puts minus gets as the probe
 * counted them, since `qsize()` is not available everywhere (macOS raises NotImplementedError).
 */
export class ProgramQueueWatch {
  private readonly files = new Map<string, WatchedFile>();
  private readonly kept: ProgramProbeEvent[] = [];
  /** Timeline entries read since the last publish. */
  private fresh: ProgramTimelineEntry[] = [];
  private dropped = 0;
  private freeThreaded = 0;
  private readonly maxDepth = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private lastPublished = '';
  /** Files that broke the protocol, with why; they are skipped. */
  readonly rejected = new Map<string, string>();

  private constructor(
    private readonly folder: string,
    private readonly onUpdate: ProgramUpdate,
  ) {
    this.timer = setInterval(() => this.poll(), READ_EVERY_MS);
    this.timer.unref();
  }

  static open(onUpdate: ProgramUpdate = () => {}): ProgramQueueWatch {
    return new ProgramQueueWatch(mkdtempSync(join(tmpdir(), 'forkscope-queues-')), onUpdate);
  }

  /** What to add to the program's environment so its queues are counted here. */
  env(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
    const existing = base.PYTHONPATH;
    return {
      PYTHONPATH: existing ? `${probeDir()}${delimiter}${existing}` : probeDir(),
      [QUEUE_PROBE_ENV]: this.folder,
    };
  }

  /** Processes of the program that used a queue. */
  get processes(): number[] {
    return [...new Set([...this.files.values()].map((f) => f.pid))];
  }

  queues(): ProgramQueueStats[] {
    const byId = new Map<string, ProbeQueueTotals[]>();
    const managerOf = new Map<string, string>();
    const files = [...this.files.values()];
    const gone = new Map(files.map((f) => [f.pid, !processAlive(f.pid)]));
    const all = [
      ...files.flatMap((file) => file.queues.map((q) => ({ pid: file.pid, q }))),
      // A manager's queues are counted by their proxies, in the processes that call them.
      ...managerQueueParts(files).map((part) => (managerOf.set(part.totals.id, part.manager), { pid: part.pid, q: part.totals })),
    ];
    for (const { pid, q } of all) {
      // A process killed inside put/get left its "in put/get" count behind.
      const counted = gone.get(pid) ? { ...q, putting: 0, getting: 0 } : q;
      byId.set(q.id, [...(byId.get(q.id) ?? []), counted]);
    }
    const result: ProgramQueueStats[] = [];
    for (const [id, parts] of byId) {
      const sum = (field: keyof Omit<ProbeQueueTotals, 'id' | 'kind'>): number => parts.reduce((total, p) => total + p[field], 0);
      const { kind, maxsize } = parts[0]!;
      const puts = sum('puts');
      const gets = sum('gets');
      // Files are read one after another; a bounded queue never holds more than maxsize.
      const depth = Math.max(0, maxsize > 0 ? Math.min(maxsize, puts - gets) : puts - gets);
      const maxDepth = Math.max(depth, this.maxDepth.get(id) ?? 0);
      this.maxDepth.set(id, maxDepth);
      result.push({
        id,
        kind,
        maxsize,
        puts,
        gets,
        depth,
        maxDepth,
        taskDone: sum('taskDone'),
        blockedProducers: sum('putting'),
        waitingConsumers: sum('getting'),
        raisedFull: sum('raisedFull'),
        raisedEmpty: sum('raisedEmpty'),
        processes: parts.length,
        ...(managerOf.has(id) ? { manager: managerOf.get(id)! } : {}),
      });
    }
    return result.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  /** The program's processes, pools, locks, pipes and managers as multiprocessing sees them. */
  python(): ProgramPython {
    return foldPythonProgram(
      [...this.files.values()].map((f) => ({ ...f, gone: f.final })),
      this.dropped,
    );
  }

  /** Ring events taken so far, oldest first (at most KEPT_EVENTS_LIMIT). */
  get events(): readonly ProgramProbeEvent[] {
    return this.kept;
  }

  /** Processes that did not count because they run a free-threaded Python (out of the probe's scope). */
  get freeThreadedProcesses(): number {
    return this.freeThreaded;
  }

  /** Reads the files one last time, publishes, stops and removes the folder. */
  close(): ProgramQueueStats[] {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.poll();
      rmSync(this.folder, { recursive: true, force: true });
    }
    return this.queues();
  }

  private poll(): void {
    let names: string[];
    try {
      names = readdirSync(this.folder).filter((n) => n.endsWith('.fsq') || n.endsWith('.free-threaded'));
    } catch {
      return; // removed under us; close() will say what it last saw
    }
    this.freeThreaded = names.length;
    names = names.filter((n) => n.endsWith('.fsq'));
    this.freeThreaded -= names.length;
    for (const name of names) {
      const known = this.files.get(name);
      if (known?.final || this.rejected.has(name)) continue;
      let buffer: Buffer;
      try {
        buffer = readFileSync(join(this.folder, name));
      } catch {
        continue;
      }
      const parsed = parseProbeFile(buffer);
      if (!parsed.ok) {
        this.rejected.set(name, parsed.error);
        continue;
      }
      // Read once more after the process is gone, then never again: its counts are final.
      const final = known !== undefined && !processAlive(parsed.pid);
      const lastSeq = this.take(parsed.pid, parsed.events, parsed.objects, known?.lastSeq ?? 0, final);
      this.files.set(name, { pid: parsed.pid, queues: parsed.queues, objects: parsed.objects, final, lastSeq });
    }
    const queues = this.queues();
    const python = this.python();
    const fingerprint = JSON.stringify([queues, python]);
    if (fingerprint === this.lastPublished && this.fresh.length === 0) return;
    this.lastPublished = fingerprint;
    const timeline = this.fresh;
    this.fresh = [];
    this.onUpdate(queues, python, timeline);
  }

  /**
   * Keeps the ring entries newer than `after`, in order. A missing number older than the ring's
   * reach was overwritten unread (dropped); a newer one is being written, so the rest waits for
   * the next read, unless the process is gone.
   */
  private take(pid: number, events: ProbeEvent[], objects: ProbeObjectSlot[], after: number, gone: boolean): number {
    const reach = (events.at(-1)?.seq ?? 0) - RING_ENTRIES;
    let last = after;
    for (const event of events) {
      if (event.seq <= last) continue;
      if (event.seq > last + 1 && last + 1 > reach && !gone) break;
      this.dropped += event.seq - last - 1;
      last = event.seq;
      this.kept.push({ ...event, pid });
      const entry = timelineEntry(event, pid, objects);
      if (entry) this.fresh.push(entry);
    }
    if (this.kept.length > KEPT_EVENTS_LIMIT) this.kept.splice(0, this.kept.length - KEPT_EVENTS_LIMIT);
    return last;
  }
}
