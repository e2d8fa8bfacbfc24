import type { SamplerEvent } from '../../../shared/events';
import { processKey, STAMP_ROUNDING_TICKS, type ProcessInfo, type ProcessKey } from '../../../shared/model';
import { pidInUse } from '../os/linux-process';
import { decodeWaitStatus, type ProcConnectorEvent } from '../os/netlink-decode';
import type { LinuxProcessReader, StatFields } from '../sampler/linux';
import { linuxSystemFacts } from '../sampler/linux';
import type { SessionLedger } from '../sampler/session';
import { toProcessInfo } from '../sampler/to-snapshot';
import type { ProcessRow } from '../sampler/types';
import { EventClock } from './event-clock';

/** A new zombie is looked at this often for its first seconds; after that the sampler's ticks watch it. */
export const ZOMBIE_WATCH_MS = 50;
export const ZOMBIE_WATCH_FOR_MS = 2000;
/**
 * A zombie is reported once it has lasted this long (or one sampling interval, if shorter, as sampling
 * alone would see it): a parent that reaps a little late (an event loop busy for 50 ms) is not a problem.
 */
export const ZOMBIE_REPORT_AFTER_MS = 250;

interface Watched {
  key: ProcessKey;
  pid: number;
  startTime: number;
  /** Its parent at its exit: a zombie that parent reaps is gone before the parent's own exit is handled. */
  ppid: number;
  name: string;
  since: number;
  reportedZombie: boolean;
  ended: boolean;
  /** Children of this process to check for re-parenting (its exit orphans them). */
  children: Array<{ key: ProcessKey; pid: number; startTime: number; name: string }>;
}

const keyOf = (pid: number, startTime: number): ProcessKey => processKey({ pid, startTime });
/** Start times of one process, one of them maybe from a fork stamp (see STAMP_ROUNDING_TICKS). */
const sameStart = (a: number, b: number): boolean => Math.abs(a - b) <= STAMP_ROUNDING_TICKS;

/** What the fusion remembers of a pid: enough to report a late exit of a process a tick already saw gone. */
interface Known {
  key: ProcessKey;
  startTime: number;
  ppid: number;
  name: string;
  /** Its parent's name at its fork, until its exec is reported: the exec's "former name". */
  forkName: string | null;
  /** When a tick saw it gone (its exit event may still be queued); null while it is in the table. */
  goneAt: number | null;
}

/** A process a tick saw gone is remembered this long for its exit event, which may be read just after. */
const GONE_MEMORY_MS = 5000;

/**
 * Folds kernel fork, exec and exit events into the sampler's session, in the sampler's thread:
 * a process appears at its fork with its real parent, takes its new name at exec (stat read at
 * once; the command line at the next tick), gets its wait status at exit and is a zombie until
 * /proc shows it gone. Identity is pid + start time from /proc, or from the event's timestamp when
 * the process was gone before it could be read.
 */
export class LifecycleFusion {
  threadsStarted = 0;
  threadsEnded = 0;
  private readonly byPid = new Map<number, Known>();
  /** Pids that are some known process's parent: only their exits need a look for orphans (most short processes have none). */
  private readonly parents = new Set<number>();
  private readonly watched = new Map<string, Watched>();
  /** Pids with an exit in the batch being handled, and those of them found free (see gone). */
  private readonly exiting = new Set<number>();
  private readonly reaped = new Set<number>();
  private readonly clock = new EventClock();
  private readonly ledger: SessionLedger;
  private readonly reader: LinuxProcessReader;

  private readonly reaperPids: ReadonlySet<number>;
  private readonly reportAfterMs: number;

  constructor(ledger: SessionLedger, reader: LinuxProcessReader, reaperPids: ReadonlySet<number>, intervalMs: number) {
    this.ledger = ledger;
    this.reader = reader;
    this.reaperPids = reaperPids;
    this.reportAfterMs = Math.max(ZOMBIE_WATCH_MS, Math.min(ZOMBIE_REPORT_AFTER_MS, intervalMs));
  }

  /** After a tick replaced the session's table: index it by pid again. */
  afterTick(now = Date.now()): void {
    const before = new Map(this.byPid);
    this.byPid.clear();
    this.parents.clear();
    for (const row of this.ledger.rows()) {
      this.parents.add(row.ppid);
      const key = keyOf(row.pid, row.startTime);
      const old = before.get(row.pid);
      this.byPid.set(row.pid, {
        key,
        startTime: row.startTime,
        ppid: row.ppid,
        name: row.name,
        forkName: old?.key === key ? old.forkName : null,
        goneAt: null,
      });
    }
    for (const [pid, old] of before) {
      if (this.byPid.has(pid)) continue;
      if (old.goneAt === null) this.byPid.set(pid, { ...old, goneAt: now });
      else if (now - old.goneAt < GONE_MEMORY_MS) this.byPid.set(pid, old);
    }
  }

  /** The events of one drained batch, in kernel order. */
  handle(batch: readonly ProcConnectorEvent[]): SamplerEvent[] {
    this.clock.measure();
    this.exiting.clear();
    this.reaped.clear();
    for (const event of batch) if (event.kind === 'exit' && event.pid === event.tgid) this.exiting.add(event.tgid);
    // A zombie whose parent exits in this batch is looked at first: reaped since the watch's last look (as
    // multiprocessing's exit handler reaps its daemon workers), it ends before that parent, as the kernel ordered them.
    const out: SamplerEvent[] = [];
    if (this.watched.size > 0) {
      const now = Date.now();
      for (const w of this.watched.values()) if (!w.ended && this.exiting.has(w.ppid)) this.look(w, now, out);
    }
    for (const event of batch) {
      switch (event.kind) {
        case 'fork':
          if (event.childPid !== event.childTgid) this.threadsStarted++;
          else this.fork(event.childTgid, event.parentTgid, event.timestampNs, out);
          break;
        case 'exec':
          this.exec(event.tgid, event.timestampNs, out);
          break;
        case 'comm':
          if (event.pid === event.tgid) this.renamed(event.tgid, event.comm, event.timestampNs, out);
          break;
        case 'exit':
          if (event.pid !== event.tgid) this.threadsEnded++;
          else this.exit(event.tgid, event.status, event.timestampNs, out);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** An exited process is watched and not yet due to be reported a zombie: whether it becomes one is the watch's to say. */
  decidesZombie(key: ProcessKey): boolean {
    const w = this.watched.get(key);
    // Past its report time the tick reading it in state Z says so: the watch's next look may be up to ZOMBIE_WATCH_MS away.
    return w !== undefined && !w.ended && !w.reportedZombie && Date.now() - w.since < this.reportAfterMs;
  }

  /** Whether exited processes are still being watched at ZOMBIE_WATCH_MS. */
  watching(): boolean {
    return this.watched.size > 0;
  }

  /** One look at each recently exited process: gone (reaped), a lasting zombie, and its children re-parented. */
  watch(now: number): SamplerEvent[] {
    const out: SamplerEvent[] = [];
    for (const w of this.watched.values()) this.look(w, now, out);
    return out;
  }

  private look(w: Watched, now: number, out: SamplerEvent[]): void {
    const row = this.ledger.row(w.key);
    const name = row?.name ?? w.name;
    if (w.children.length > 0) w.children = w.children.filter((child) => !this.reparented(child, w, name, now, out));
    if (w.ended) {
      if (w.children.length === 0) this.watched.delete(w.key);
      return;
    }
    if (!row) {
      // A tick saw it gone first and reported its end.
      w.ended = true;
      this.forget(w.key, w.pid);
      if (w.children.length === 0) this.watched.delete(w.key);
      return;
    }
    // A free pid is a reaped process: known without reading its stat (a held file of a reaped process costs a failed
    // read, a close and a failed open).
    const inUse = pidInUse(w.pid);
    // A tick that read it as a zombie first has reported it already.
    if (!w.reportedZombie && this.ledger.zombieSince(w.key) !== undefined) w.reportedZombie = true;
    // A pid still in use by a process that exited this recently is that zombie (pids are handed out in turn: none is
    // reused within the watch): its stat says nothing new until it is due to be reported, nor once it was.
    if (inUse === true && (w.reportedZombie || now - w.since < this.reportAfterMs)) {
      if (now - w.since > ZOMBIE_WATCH_FOR_MS) this.watched.delete(w.key);
      return;
    }
    const stat = inUse === false ? null : this.reader.readStat(w.pid);
    const ppid = stat?.ppid ?? row.ppid;
    const gone = !stat || !sameStart(w.startTime, stat.startTime);
    if (gone) {
      w.ended = true;
      if (w.reportedZombie) out.push({ type: 'zombie-reaped', t: now, pid: w.pid, startTime: w.startTime, ppid, name, zombieSinceMs: w.since });
      out.push({ type: 'ended', t: now, pid: w.pid, startTime: w.startTime, ppid, name });
      this.forget(w.key, w.pid);
      if (w.children.length === 0) this.watched.delete(w.key);
      return;
    }
    // Forkscope's own children (and what it adopted) are reaped by Forkscope as soon as its main thread gets to it:
    // a wait that a busy thread delays is not the program's zombie. One still unreaped after the watch is reported.
    const ownChild = stat.ppid === process.pid;
    if (!w.reportedZombie && stat.state === 'zombie' && now - w.since >= this.reportAfterMs && !ownChild) {
      w.reportedZombie = true;
      this.ledger.zombieSince(w.key, w.since);
      this.ledger.patch(w.key, { state: 'zombie' }, { state: 'zombie', zombie: true });
      out.push({ type: 'became-zombie', t: now, pid: w.pid, startTime: w.startTime, ppid: stat.ppid, name });
    }
    // Long-lived zombies are the sampler's from here: its ticks see them go.
    if (now - w.since > ZOMBIE_WATCH_FOR_MS) this.watched.delete(w.key);
  }

  /**
   * Whether nothing holds pid now, so the process of this batch's events with that pid is reaped (a later fork of the
   * pid in the batch came before this look, so it is gone too). Asked once a pid per batch: one kill(pid, 0).
   */
  private gone(pid: number): boolean {
    if (this.reaped.has(pid)) return true;
    if (pidInUse(pid) !== false) return false;
    this.reaped.add(pid);
    return true;
  }

  private fork(pid: number, parentPid: number, ts: bigint, out: SamplerEvent[]): void {
    // A process that exits in this batch and is reaped already (most of a storm's) is not read: its stat is gone, and
    // would say no more than its parent's row and the event do. Its identity is the fork's stamp, which may round to
    // the next clock tick: the watch and the ticks allow for that. One left a zombie is read, so its identity is
    // /proc's, the one every other reader of the table gives.
    const exiting = this.exiting.has(pid);
    const read = exiting && this.gone(pid) ? null : this.reader.readStat(pid);
    const stamp = this.clock.startTicks(ts);
    // An exiting pid taken again later in the batch reads the newcomer: the stamp says whose stat it is.
    const stat = read && (!exiting || sameStart(read.startTime, stamp)) ? read : null;
    const startTime = stat?.startTime ?? stamp;
    const known = this.byPid.get(pid);
    if (known && sameStart(known.startTime, startTime)) {
      // A tick read it first (maybe after its exec already): its exec, when it comes, still names what it was at the fork.
      if (known.goneAt === null) known.forkName ??= this.rowOf(parentPid)?.name ?? null;
      return;
    }
    // The event names the real parent at the fork; stat, read later, may already show the reaper that adopted it.
    const parent = this.rowOf(parentPid);
    const row = this.rowFrom(pid, stat, startTime, parentPid, parent);
    const info = toProcessInfo(row, null, undefined, this.reaperPids);
    this.remember(row, info, parent?.name ?? null);
    out.push({ type: 'started', t: this.clock.epochMs(ts), process: info });
  }

  private exec(pid: number, ts: bigint, out: SamplerEvent[]): void {
    // Reaped already: its new name can no longer be read.
    if (this.exiting.has(pid) && this.gone(pid)) return;
    const stat = this.reader.readStat(pid);
    let known = this.byPid.get(pid);
    if (!known || known.goneAt !== null || (stat && !sameStart(known.startTime, stat.startTime))) {
      // Its fork was before we listened, or lost: it starts here.
      if (!stat) return;
      this.fork(pid, stat.ppid, ts, out);
      known = this.byPid.get(pid);
      if (!known) return;
    }
    const row = this.ledger.row(known.key);
    if (!row || !stat) return; // gone already: its new name cannot be read any more
    const name = stat.name;
    // A row read before the exec names what it ran; only a row read after it (a tick between exec and this event)
    // needs the name noted at the fork. The parent's name at the fork can already be the new one (sh -c '… & exec
    // sleep'), so it never hides a row that still shows the old name.
    const formerName = row.name !== name ? row.name : (known.forkName ?? row.name);
    known.forkName = null;
    if (name === formerName) return;
    known.name = name;
    // The command line is read lazily (the next tick reads it for a process still alive); until then the name stands for it.
    this.ledger.patch(known.key, { name, cmd: name, state: stat.state }, { name, cmd: name });
    out.push({ type: 'exec', t: this.clock.epochMs(ts), pid, startTime: row.startTime, ppid: stat.ppid, name, formerName, cmd: null });
  }

  private renamed(pid: number, comm: string, ts: bigint, out: SamplerEvent[]): void {
    const known = this.byPid.get(pid);
    const row = known ? this.ledger.row(known.key) : undefined;
    if (!known || !row || row.name === comm) return;
    known.name = comm;
    this.ledger.patch(known.key, { name: comm }, { name: comm });
    out.push({ type: 'sample', t: this.clock.epochMs(ts), changes: [{ pid, startTime: row.startTime, name: comm }] });
  }

  private exit(pid: number, status: number, ts: bigint, out: SamplerEvent[]): void {
    const known = this.byPid.get(pid);
    if (!known) return; // never seen: started before Forkscope listened and gone before a tick saw it
    const { code, signal, core } = decodeWaitStatus(status);
    const { clockTicks } = linuxSystemFacts();
    const runMs = Math.max(0, Math.round(this.clock.bootMs(ts) - (known.startTime * 1000) / clockTicks));
    const t = this.clock.epochMs(ts);
    const key = known.key;
    const row = this.ledger.row(key);
    if (!row || known.goneAt !== null) {
      // A tick saw it gone before its exit event was read: the status still belongs to it.
      this.byPid.delete(pid);
      out.push({ type: 'exit', t, pid, startTime: known.startTime, ppid: known.ppid, name: known.name, code, signal, core, runMs });
      return;
    }
    // Reaped already (most of a storm is, by the time its exits are read): it ends now, with no watch to read its stat.
    const reaped = this.gone(pid);
    // Still a row (its parent has not reaped it): a zombie from the kernel's word on, but not yet one in the log.
    if (!reaped) this.ledger.patch(key, { state: 'zombie' }, { state: 'zombie' });
    out.push({ type: 'exit', t, pid, startTime: row.startTime, ppid: row.ppid, name: row.name, code, signal, core, runMs });
    const children: Watched['children'] = [];
    if (this.parents.has(pid))
      for (const other of this.ledger.rows()) {
        if (other.ppid === pid && other.pid !== pid)
          children.push({ key: keyOf(other.pid, other.startTime), pid: other.pid, startTime: other.startTime, name: other.name });
      }
    const { startTime, ppid, name } = row;
    const watched: Watched = { key, pid, startTime, ppid, name, since: t, reportedZombie: false, ended: reaped, children };
    if (reaped) {
      // Its children were re-parented at its exit, before the reaping: they are orphaned now too, while its row still names it.
      const now = Date.now();
      if (children.length > 0) watched.children = children.filter((child) => !this.reparented(child, watched, name, now, out));
      out.push({ type: 'ended', t: now, pid, startTime, ppid, name });
      this.forget(key, pid);
      if (watched.children.length === 0) return;
    }
    this.watched.set(key, watched);
  }

  /** A child of an exited process now has another parent: re-parented and orphaned, reported once. */
  private reparented(child: Watched['children'][number], parent: Watched, parentName: string, now: number, out: SamplerEvent[]): boolean {
    const row = this.ledger.row(child.key);
    // Gone, or a tick saw the new parent first and reported it.
    if (!row || row.ppid !== parent.pid) return true;
    const stat = this.reader.readStat(child.pid);
    if (!stat || !sameStart(child.startTime, stat.startTime)) return true;
    if (stat.ppid === parent.pid) return now - parent.since > ZOMBIE_WATCH_FOR_MS;
    const formerParent = { pid: parent.pid, name: parentName };
    this.ledger.patch(child.key, { ppid: stat.ppid }, { ppid: stat.ppid, orphan: true, formerParent });
    this.ledger.orphaned(child.key, formerParent);
    const base = { t: now, pid: child.pid, startTime: child.startTime, ppid: stat.ppid, name: row.name };
    out.push({ type: 'reparented', ...base, from: parent.pid, to: stat.ppid });
    out.push({ type: 'orphaned', ...base, formerParent });
    return true;
  }

  private rowOf(pid: number): ProcessRow | undefined {
    const known = this.byPid.get(pid);
    return known && known.goneAt === null ? this.ledger.row(known.key) : undefined;
  }

  /** A row from stat alone: a forked child has its parent's command line and owner until it execs or changes them. */
  private rowFrom(pid: number, stat: StatFields | null, startTime: number, parentPid: number, parent: ProcessRow | undefined): ProcessRow {
    const { clockTicks, pageSize, bootTimeMs } = linuxSystemFacts();
    // Its parent's name (comm) means it has not exec'd yet, so it still runs its parent's command line.
    const inherited = !stat || (parent !== undefined && stat.name === parent.name.slice(0, 15));
    const name = inherited ? (parent?.name ?? stat?.name ?? '?') : stat.name;
    return {
      pid,
      ppid: parentPid,
      pgid: stat?.pgid ?? parent?.pgid ?? null,
      sid: stat?.sid ?? parent?.sid ?? null,
      name,
      // Read after its exec already: its name stands for its command line until the next tick reads that (lazily,
      // as at an exec: a fork reads stat alone, and most processes of a storm are gone before any tick).
      cmd: inherited && parent ? parent.cmd : name,
      state: stat?.state ?? 'dead',
      uid: parent?.uid ?? null,
      user: parent?.user ?? null,
      startTime,
      // The same formula as the sampler's rows, so both sources agree on it.
      startedAt: Math.round(bootTimeMs + (startTime * 1000) / clockTicks),
      cpuTimeMs: stat ? ((stat.utimeTicks + stat.stimeTicks) * 1000) / clockTicks : null,
      rssBytes: stat ? stat.rssPages * pageSize : null,
      threads: stat?.threads ?? null,
    };
  }

  private remember(row: ProcessRow, info: ProcessInfo, forkName: string | null): void {
    this.ledger.put(row, info);
    this.parents.add(row.ppid);
    this.byPid.set(row.pid, { key: keyOf(row.pid, row.startTime), startTime: row.startTime, ppid: row.ppid, name: row.name, forkName, goneAt: null });
  }

  private forget(key: ProcessKey, pid: number): void {
    this.ledger.remove(key);
    if (this.byPid.get(pid)?.key !== key) return;
    this.byPid.delete(pid);
    this.reader.forget(pid);
  }
}
