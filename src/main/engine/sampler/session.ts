import type { ProcessDetails } from '../../../shared/details';
import type { ProcessChange, SamplerEvent } from '../../../shared/events';
import { processKey, STAMP_ROUNDING_TICKS, type Platform, type ProcessInfo, type ProcessKey, type Snapshot } from '../../../shared/model';
import { findNewOrphans, findOrphansWithoutHistory, type FormerParent } from '../../../shared/analysis/orphans';
import { CpuRates } from './cpu';
import { diffTables, type LifecycleChange } from './diff';
import { snapshotOf, toProcessInfo } from './to-snapshot';
import { corePercents, type SystemReading } from './linux-system';
import type { ProcessRow, RowReadDemand } from './types';
import { NO_DEMAND, PER_ROW_COLUMNS, type DemandColumn, type ReadDemand } from '../../../shared/demand';
import { DEMANDED_FIELDS, demandedFields } from './demanded-fields';
import { ioRates, type IoReading } from './io-rates';

export interface ProcessReader {
  /** The table; `demand` names per-row files to open beyond the base read (backends that read all in one call ignore it). */
  read(demand?: RowReadDemand, options?: ReadOptions): ProcessRow[];
  /** The rows of these pids only, without listing the table (where kernel events give its shape). */
  readPids?(pids: Iterable<number>, demand?: RowReadDemand, options?: ReadOptions): ProcessRow[];
  readOne(pid: number): ProcessRow | null;
  /** Only the start time (Linux: stat alone, none of what readOne caches besides). */
  readStartTime?(pid: number): number | null;
  /** Whole-machine figures, where the backend has them. */
  readSystem?(): SystemReading;
  /** Executable, working folder and environment, where the backend can read them. */
  readDetails?(pid: number): ProcessDetails;
}

export interface ReadOptions {
  /** A process that has not run since its last read may be given as that row again (Linux: see idleRow). */
  skipIdle?: boolean;
}

/** What the lifecycle fusion may read and change of a session's last table (see SamplingSession.ledger). */
export interface SessionLedger {
  row(key: ProcessKey): ProcessRow | undefined;
  info(key: ProcessKey): ProcessInfo | undefined;
  rows(): IterableIterator<ProcessRow>;
  put(row: ProcessRow, info: ProcessInfo): void;
  patch(key: ProcessKey, row: Partial<ProcessRow>, info: Partial<ProcessInfo>): void;
  remove(key: ProcessKey): void;
  zombieSince(key: ProcessKey, t?: number): number | undefined;
  orphaned(key: ProcessKey, formerParent: FormerParent): void;
}

export interface SessionOptions {
  platform: Platform;
  reaperPids: ReadonlySet<number>;
  /** A full keyframe every this many ticks (and always on the first). */
  keyframeEvery?: number;
}

/**
 * A process the kernel events put in the table without reading it (see LifecycleFusion.fork) is keyed by its fork's
 * stamp, which may be off its stat's by STAMP_ROUNDING_TICKS. The row read now is that process, so it keeps the key the
 * views already have.
 */
export function stampedTwin(previous: ReadonlyMap<ProcessKey, ProcessRow>, row: ProcessRow): ProcessRow | undefined {
  for (let offset = -STAMP_ROUNDING_TICKS; offset <= STAMP_ROUNDING_TICKS; offset++) {
    const twin = offset === 0 ? undefined : previous.get(processKey({ pid: row.pid, startTime: row.startTime + offset }));
    if (twin) return { ...row, startTime: twin.startTime, startedAt: twin.startedAt };
  }
  return undefined;
}

/**
 * Consecutive readings of the process table turned into events: lifecycle events, a `sample`
 * with the metrics that changed, and periodic keyframes. Orphans seen happening keep their
 * former parent for as long as they live.
 */
export class SamplingSession {
  private readonly cpu = new CpuRates();
  private previousRows: Map<ProcessKey, ProcessRow> | undefined;
  private previousInfo = new Map<ProcessKey, ProcessInfo>();
  /** What the ledger changed since the last tick: those keys' last ProcessInfo is not given again. */
  private readonly ledgerTouched = new Set<ProcessKey>();
  /** The last tick's findOrphansWithoutHistory, kept while nothing it reads changed. */
  private orphansWithoutHistory: ReadonlySet<number> = new Set();
  /** setDemand since the last tick: the extra columns of every row are built again. */
  private demandChanged = true;
  private readonly formerParents = new Map<ProcessKey, FormerParent>();
  private readonly zombieSince = new Map<ProcessKey, number>();
  private ticks = 0;
  private lastSystem: SystemReading | undefined;
  private io = new Map<ProcessKey, IoReading>();
  private columns: ReadonlySet<DemandColumn> = new Set();
  private rowDemand: RowReadDemand | undefined;
  /** Exited processes whose zombie report the lifecycle fusion makes (see leaveZombiesTo). */
  private zombieWatched: (key: ProcessKey) => boolean = () => false;
  // Plain fields, not parameter properties: bench/sampler.ts loads this file with Node's
  // type stripping, which only erases syntax.
  private readonly reader: ProcessReader;
  private readonly options: SessionOptions;

  constructor(reader: ProcessReader, options: SessionOptions) {
    this.reader = reader;
    this.options = options;
  }

  /** What viewers show (the union of their demands): from the next tick on, only these extra columns are read and sent. */
  setDemand(demand: ReadDemand = NO_DEMAND): void {
    this.columns = new Set(demand.columns);
    this.demandChanged = true;
    const shr = this.columns.has('shr');
    const io = this.columns.has('io');
    const perRow = demand.columns.some((column) => PER_ROW_COLUMNS.has(column));
    this.rowDemand = perRow ? { shr, io, rows: demand.rows === 'all' ? 'all' : new Set(demand.rows) } : undefined;
  }

  /**
   * One reading of the table. `known: true` reads only the processes the last table holds (and what kernel events
   * added to it since): where fork events give the table's shape, listing /proc again would find nothing new.
   */
  tick(now = Date.now(), options: { known?: boolean } & ReadOptions = {}): { snapshot: Snapshot; events: SamplerEvent[] } {
    const known = options.known && this.previousRows && this.reader.readPids;
    const read: ReadOptions = { skipIdle: options.skipIdle };
    const rows = known ? this.reader.readPids!(this.knownPids(), this.rowDemand, read) : this.reader.read(this.rowDemand, read);
    const previousRows = this.previousRows;
    // Work per row is a key and a CPU % (no object); what only a changed row can change is done for changed rows.
    const keys = new Array<ProcessKey>(rows.length);
    const percents = new Array<number | null>(rows.length);
    const current = new Map<ProcessKey, ProcessRow>();
    this.cpu.begin();
    for (let i = 0; i < rows.length; i++) {
      let row = rows[i]!;
      keys[i] = processKey(row);
      if (previousRows && !previousRows.has(keys[i]!)) {
        row = rows[i] = stampedTwin(previousRows, row) ?? row;
        keys[i] = processKey(row);
      }
      current.set(keys[i]!, row);
      percents[i] = this.cpu.percent(row, now);
    }
    this.cpu.end(rows.length);
    const io = ioRates(this.io, rows, now);
    this.io = io.readings;
    const columns = this.columns;

    const lifecycle = previousRows ? diffTables(previousRows, current, now) : [];
    const orphaned: SamplerEvent[] = [];
    // Only a re-parented process can be an orphan seen happening.
    if (previousRows && lifecycle.some((event) => event.type === 'reparented')) {
      for (const [key, formerParent] of findNewOrphans(previousRows, rows, this.options.reaperPids)) {
        if (this.formerParents.has(key)) continue;
        this.formerParents.set(key, formerParent);
        const row = current.get(key)!;
        orphaned.push({ type: 'orphaned', t: now, pid: row.pid, startTime: row.startTime, ppid: row.ppid, name: row.name, formerParent });
      }
    }
    for (const key of this.formerParents.keys()) if (!current.has(key)) this.formerParents.delete(key);

    if (!this.orphanInputsKept(rows, keys, lifecycle)) {
      this.orphansWithoutHistory = findOrphansWithoutHistory(rows, this.options.reaperPids);
    }
    const orphans = new Map<number, FormerParent | null>();
    for (const pid of this.orphansWithoutHistory) orphans.set(pid, null);
    for (const [key, formerParent] of this.formerParents) {
      const row = current.get(key)!;
      // A zombie is reported as a zombie: its parent's reaping is the problem, not orphanhood.
      if (row.state !== 'zombie') orphans.set(row.pid, formerParent);
    }
    const info = new Map<ProcessKey, ProcessInfo>();
    const processes = new Array<ProcessInfo>(rows.length);
    const reuse = previousRows !== undefined && !this.demandChanged;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const key = keys[i]!;
      const formerParent = orphans.get(row.pid);
      // The row the reader gave again (its process did not run) keeps its last ProcessInfo while all else it shows is the same.
      const last = reuse && previousRows.get(key) === row && !this.ledgerTouched.has(key) ? this.previousInfo.get(key) : undefined;
      const kept =
        last !== undefined &&
        last.cpuPercent === percents[i] &&
        last.formerParent === (formerParent ?? null) &&
        last.orphan === (formerParent !== undefined) &&
        (columns.size === 0 || row.ioReadBytes === undefined);
      const extras = columns.size > 0 && !kept ? demandedFields(row, columns, io.rates.get(key)) : undefined;
      const process = kept ? last : toProcessInfo(row, percents[i] ?? null, formerParent, this.options.reaperPids, extras);
      processes[i] = process;
      info.set(key, process);
    }
    const snapshot = snapshotOf(now, this.options.platform, processes);

    const events: SamplerEvent[] = [];
    for (const event of lifecycle) {
      const key = processKey(event);
      if (event.type === 'started') {
        const process = info.get(key);
        if (process) events.push({ type: 'started', t: now, process });
        if (process?.zombie && !this.zombieWatched(key)) this.noteZombie(events, event, key, now);
        continue;
      }
      events.push(event);
      if (event.type === 'state-changed' && event.to === 'zombie' && !this.zombieWatched(key)) this.noteZombie(events, event, key, now);
      const wasZombie = this.zombieSince.has(key) || (this.previousInfo.get(key)?.zombie && !this.zombieWatched(key));
      if (event.type === 'ended' && wasZombie) {
        const since = this.zombieSince.get(key);
        this.zombieSince.delete(key);
        const { type: _type, ...base } = event;
        events.push({ type: 'zombie-reaped', ...base, zombieSinceMs: since ?? null });
      }
    }
    if (!this.previousRows) {
      for (const row of rows) if (row.state === 'zombie') this.zombieSince.set(processKey(row), now);
    } else {
      for (let i = 0; i < rows.length; i++) {
        // A row the kernel's exit event already turned to state Z shows no state change here; the first tick that
        // reads it as a zombie still reports it, unless the fusion's zombie watch did first or still decides.
        const row = rows[i]!;
        if (row.state !== 'zombie') continue;
        const key = keys[i]!;
        if (!this.zombieSince.has(key) && this.previousInfo.has(key) && !this.zombieWatched(key)) {
          const process = info.get(key);
          if (process) this.noteZombie(events, { ...process, t: now }, key, now);
        }
      }
    }
    events.push(...orphaned);
    const keyframe = this.ticks % (this.options.keyframeEvery ?? 10) === 0;
    if (keyframe) events.push({ type: 'keyframe', t: now, snapshot });
    else {
      const changes = this.changedMetrics(info);
      if (changes.length > 0) events.push({ type: 'sample', t: now, changes });
    }

    const system = this.reader.readSystem?.();
    if (system) {
      const { cores: _cores, ...figures } = system;
      events.push({ type: 'system', t: now, system: { ...figures, cpuPerCore: corePercents(this.lastSystem, system) } });
      this.lastSystem = system;
    }

    this.ticks++;
    this.ledgerTouched.clear();
    this.demandChanged = false;
    this.previousRows = current;
    this.previousInfo = info;
    return { snapshot, events };
  }

  /**
   * With kernel events, the lifecycle fusion watches each exited process and reports it as a zombie only once it has
   * lasted (ZOMBIE_REPORT_AFTER_MS): a tick that reads one in state Z meanwhile leaves the report to it, or every
   * process a tick happened to catch between its exit and its reaping would be reported as a zombie.
   */
  leaveZombiesTo(watched: (key: ProcessKey) => boolean): void {
    this.zombieWatched = watched;
  }

  /**
   * Whether findOrphansWithoutHistory would find what it did at the last tick: the same processes (no start or end,
   * nothing re-parented or turned zombie, nothing the ledger changed) with the same name, group and session. Running
   * and sleeping are all the same to it, and on a busy machine some process changes between them every tick.
   */
  private orphanInputsKept(rows: readonly ProcessRow[], keys: readonly ProcessKey[], lifecycle: readonly LifecycleChange[]): boolean {
    const previous = this.previousRows;
    if (!previous || this.ledgerTouched.size > 0 || previous.size !== rows.length) return false;
    for (const event of lifecycle) if (event.type !== 'state-changed' || event.from === 'zombie' || event.to === 'zombie') return false;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const before = previous.get(keys[i]!);
      if (before === row) continue;
      if (!before || before.name !== row.name || before.pgid !== row.pgid || before.sid !== row.sid) return false;
    }
    return true;
  }

  private *knownPids(): IterableIterator<number> {
    for (const row of this.previousRows!.values()) yield row.pid;
  }

  private noteZombie(
    events: SamplerEvent[],
    event: { t: number; pid: number; startTime: number; ppid: number; name: string },
    key: ProcessKey,
    now: number,
  ): void {
    this.zombieSince.set(key, now);
    events.push({ type: 'became-zombie', t: now, pid: event.pid, startTime: event.startTime, ppid: event.ppid, name: event.name });
  }

  /**
   * The table as of the last tick plus what kernel events changed since: the lifecycle fusion
   * keeps it current between ticks, so the next tick reports only what the events missed.
   */
  ledger(): SessionLedger {
    return {
      row: (key) => this.previousRows?.get(key),
      info: (key) => this.previousInfo.get(key),
      rows: () => this.previousRows?.values() ?? [].values(),
      put: (row, info) => {
        this.ledgerTouched.add(processKey(row));
        this.previousRows?.set(processKey(row), row);
        this.previousInfo.set(processKey(row), info);
      },
      patch: (key, row, info) => {
        this.ledgerTouched.add(key);
        const before = this.previousRows?.get(key);
        if (before) this.previousRows!.set(key, { ...before, ...row });
        const beforeInfo = this.previousInfo.get(key);
        if (beforeInfo) this.previousInfo.set(key, { ...beforeInfo, ...info });
      },
      remove: (key) => {
        this.ledgerTouched.add(key);
        this.previousRows?.delete(key);
        this.previousInfo.delete(key);
        this.zombieSince.delete(key);
        this.formerParents.delete(key);
      },
      zombieSince: (key, t) => {
        if (t === undefined) return this.zombieSince.get(key);
        this.zombieSince.set(key, t);
        return t;
      },
      orphaned: (key, formerParent) => void this.formerParents.set(key, formerParent),
    };
  }

  private changedMetrics(info: ReadonlyMap<ProcessKey, ProcessInfo>): ProcessChange[] {
    const changes: ProcessChange[] = [];
    for (const [key, now] of info) {
      const before = this.previousInfo.get(key);
      // The same ProcessInfo as at the last tick (its process did not run): nothing of it changed.
      if (!before || before === now) continue;
      const change: ProcessChange = { pid: now.pid, startTime: now.startTime };
      if (now.cpuPercent !== before.cpuPercent) change.cpuPercent = now.cpuPercent;
      if (now.rssBytes !== before.rssBytes) change.rssBytes = now.rssBytes;
      if (now.threads !== before.threads) change.threads = now.threads ?? null;
      if (now.orphan !== before.orphan) change.orphan = now.orphan;
      // exec keeps pid and start time: a new name or command line is a change of the same process.
      if (now.name !== before.name) change.name = now.name;
      if (now.cmd !== before.cmd) change.cmd = now.cmd;
      // A column no viewer shows any more is simply not sent; what the views hold of it is not shown.
      for (const field of DEMANDED_FIELDS)
        if (now[field] !== undefined && now[field] !== before[field]) (change as Record<string, unknown>)[field] = now[field];
      if (Object.keys(change).length > 2) changes.push(change);
    }
    return changes;
  }
}
