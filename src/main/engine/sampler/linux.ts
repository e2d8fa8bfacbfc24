import { readdirSync, readFileSync, statSync } from 'node:fs';
import { processKey } from '../../../shared/model';
import { systemConstants } from '../os/linux-process';
import { procFiles } from '../os/proc-files';
import { execFileSyncOwn } from '../supervisor/own-spawns';
import type { ProcessDetails } from '../../../shared/details';
import { readLinuxDetails } from './linux-details';
import { readLinuxSystem, type SystemReading } from './linux-system';
import { readIoBytes, readSharedBytes } from './linux-row-extras';
import { StatFiles } from './stat-files';
import type { ProcessRow, RowReadDemand } from './types';
import { parseStatBuffer, type StatFields } from './linux-stat';

export { parseStat, parseStatBuffer, type StatFields } from './linux-stat';

/**
 * The Linux backend: reads /proc synchronously (the fast way; it runs in a worker thread).
 * Only `stat` is read every tick; the command line and owner are read once per process
 * (pid + start time) and cached, since they do not change, except across exec: see Identity.
 */

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSyncOwn('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Node has no sysconf: ask libc through the FFI, or else getconf, once per process (a helper
 * process in the sampler's thread is one the reaper cannot tell from an orphan, so the FFI first).
 */
let systemFacts: { clockTicks: number; pageSize: number; bootTimeMs: number } | undefined;
export function linuxSystemFacts(): { clockTicks: number; pageSize: number; bootTimeMs: number } {
  if (!systemFacts) {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    const constants = systemConstants();
    systemFacts = {
      clockTicks: constants?.clockTicks ?? getconf('CLK_TCK', 100),
      pageSize: constants?.pageSize ?? getconf('PAGESIZE', 4096),
      bootTimeMs: btime ? Number(btime[1]) * 1000 : 0,
    };
  }
  return systemFacts;
}

function readUserNames(): Map<number, string> {
  const users = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid !== undefined && /^\d+$/.test(uid)) users.set(Number(uid), name);
    }
  } catch {
    // no passwd file (some containers): names stay null, uids still show
  }
  return users;
}

/**
 * The kernel's name (comm) unless it misleads: runtimes that name their main thread (Node's
 * "MainThread") and names cut at 15 characters get the program's own name from argv[0].
 */
export function displayName(comm: string, argv0: string | null): string {
  if (!argv0) return comm;
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  if (!base) return comm;
  if (comm === 'MainThread' || (comm.length === 15 && base.startsWith(comm))) return base;
  return comm;
}

/**
 * What is read once per process. exec keeps the pid and start time but replaces the command
 * line, and a process read between fork and exec shows its parent's: so the cache is dropped
 * when the kernel's name (comm) changes, and an identity read in the first second of a process's
 * life is read again until one is taken after that second.
 */
interface Identity {
  startTime: number;
  comm: string;
  settled: boolean;
  cmd: string | null;
  argv0: string | null;
  uid: number | null;
  user: string | null;
}

export interface LinuxReaderOptions {
  /**
   * Keep each process's stat file open between reads (see StatFiles): for the sampler's own reader, which
   * reads every process every tick; one-off readers (a snapshot, kill-tree's table) hold nothing.
   */
  holdStatFiles?: boolean;
}

/** A reader with its own cache of what does not change during a process's life. */
export class LinuxProcessReader {
  private readonly buffer = Buffer.alloc(4096);
  private readonly identities = new Map<number, Identity>();
  private readonly stats: StatFiles;
  /**
   * Held readers only: each process's schedstat (its CPU time in ns, run delay, times run) and the row its last full
   * read gave. A single-threaded process whose schedstat has not moved has not run: its stat says what it said (see
   * readPids), so the row is given again without reading or parsing stat, at a third of the cost of a read.
   */
  private readonly schedstats: StatFiles | null;
  private readonly lastRows = new Map<number, { row: ProcessRow; schedstat: string }>();
  private users: Map<number, string> | undefined;
  /** Clock ticks since boot, read once per table read (only when a new process needs it). */
  private nowTicks: number | null = null;
  /** What this read opens beyond stat, and for which rows; undefined: nothing more. */
  private demand: RowReadDemand | undefined;

  constructor(options: LinuxReaderOptions = {}) {
    this.stats = new StatFiles({ hold: options.holdStatFiles ?? false });
    this.schedstats = options.holdStatFiles ? new StatFiles({ hold: true, file: 'schedstat' }) : null;
  }

  /** The whole table: every pid /proc lists. */
  read(demand?: RowReadDemand, options: { skipIdle?: boolean } = {}): ProcessRow[] {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      const code = entry.charCodeAt(0);
      if (code >= 48 && code <= 57) pids.push(Number(entry));
    }
    return this.readPids(pids, demand, options);
  }

  /**
   * The rows of these pids alone, without listing /proc: where kernel events give the table's shape, a tick
   * reads one stat per process it knows (and the command line and owner of a process it has not read yet).
   * What is cached for any other pid is dropped.
   */
  readPids(pids: Iterable<number>, demand?: RowReadDemand, options: { skipIdle?: boolean } = {}): ProcessRow[] {
    this.nowTicks = null;
    this.demand = demand?.shr || demand?.io ? demand : undefined;
    let rows: ProcessRow[] = [];
    const seen = new Set<number>();
    let reused: number[] | undefined;
    for (const pid of pids) {
      if (seen.has(pid)) continue;
      const idle = options.skipIdle ? this.idleRow(pid) : undefined;
      if (idle) (reused ??= []).push(rows.length);
      const row = idle ?? this.readRowNoted(pid);
      if (!row) continue; // ended between listing and reading
      seen.add(pid);
      rows.push(row);
    }
    // A parent that is gone re-parents its children without their running: those are read in full, and one that went
    // with it (reaped by it just before it exited) is gone, not kept with the row it had.
    let goneSince: Set<number> | undefined;
    for (const index of reused ?? []) {
      const row = rows[index]!;
      if (row.ppid === 0 || seen.has(row.ppid)) continue;
      const fresh = this.readRowNoted(row.pid);
      if (fresh) rows[index] = fresh;
      else {
        seen.delete(row.pid);
        (goneSince ??= new Set()).add(index);
      }
    }
    if (goneSince) rows = rows.filter((_, index) => !goneSince.has(index));
    for (const pid of this.identities.keys()) if (!seen.has(pid)) this.identities.delete(pid);
    for (const pid of this.lastRows.keys()) if (!seen.has(pid)) this.lastRows.delete(pid);
    this.stats.retain(seen);
    this.schedstats?.retain(seen);
    return rows;
  }

  /**
   * A read of a process's stat gives nothing new when the process has not run since: CPU time, state, threads,
   * memory map and identity all change by its own doing (a new thread, a signal stop, an exit, an exec all run it).
   * What others change without it running is its parent (when the parent goes: readPids checks that), its nice
   * value (renice: the sampler is told, see invalidate) and, when the kernel reclaims its pages, its resident size
   * (caught by the full reads of the ticks that list /proc). Only for a single-threaded process: schedstat counts
   * the main thread alone. The last row when pid has not run since it, else undefined (read it in full).
   */
  private idleRow(pid: number): ProcessRow | undefined {
    const last = this.lastRows.get(pid);
    if (!last || last.row.threads !== 1 || !this.schedstats) return undefined;
    const demand = this.demand;
    if (demand && (demand.rows === 'all' || demand.rows.has(processKey(last.row)))) return undefined;
    const length = this.schedstats.read(pid, this.buffer);
    // A held file that failed was reopened: it may read a newcomer that took the pid.
    if (length < 0 || this.schedstats.reopened || !this.schedstats.holds(pid)) return undefined;
    return this.buffer.toString('latin1', 0, length) === last.schedstat ? last.row : undefined;
  }

  /** A full read; held readers keep the row with the schedstat read just before it, for idleRow. */
  private readRowNoted(pid: number): ProcessRow | null {
    if (!this.schedstats) return this.readRow(pid);
    const length = this.schedstats.read(pid, this.buffer);
    const schedstat = length > 0 ? this.buffer.toString('latin1', 0, length) : null;
    const row = this.readRow(pid);
    if (row && schedstat !== null && row.threads === 1) this.lastRows.set(pid, { row, schedstat });
    else this.lastRows.delete(pid);
    return row;
  }

  /** The next read of pid is a full one (something changed it without its running: a renice). */
  invalidate(pid: number): void {
    this.lastRows.delete(pid);
  }

  /** A process seen gone between ticks (reaped): its held file and cached identity go now, not at the next tick. */
  forget(pid: number): void {
    this.stats.release(pid);
    this.schedstats?.release(pid);
    this.lastRows.delete(pid);
    this.identities.delete(pid);
  }

  /** Closes the stat files held open (the sampler's thread, as it stops). */
  close(): void {
    this.stats.closeAll();
    this.schedstats?.closeAll();
    this.lastRows.clear();
  }

  /** How many stat files are held open (for tests). */
  heldStatFiles(): number {
    return this.stats.heldCount();
  }

  readSystem(): SystemReading {
    return readLinuxSystem();
  }

  readDetails(pid: number): ProcessDetails {
    return readLinuxDetails(pid);
  }

  /** Only /proc/PID/stat, parsed: what the lifecycle fusion reads at a fork or exec, where every read counts. */
  readStat(pid: number): StatFields | null {
    const length = this.stats.read(pid, this.buffer);
    return length < 0 ? null : parseStatBuffer(this.buffer, length);
  }

  readStartTime(pid: number): number | null {
    return this.readStat(pid)?.startTime ?? null;
  }

  /** One process, or null when it does not exist (any more). */
  readOne(pid: number): ProcessRow | null {
    this.nowTicks = null;
    this.demand = undefined;
    return this.readRow(pid);
  }

  private readRow(pid: number): ProcessRow | null {
    const { clockTicks, pageSize, bootTimeMs } = linuxSystemFacts();
    const length = this.stats.read(pid, this.buffer);
    if (length < 0) return null;
    const stat = parseStatBuffer(this.buffer, length);
    if (!stat) return null;
    let identity = this.identities.get(pid);
    if (!identity || identity.startTime !== stat.startTime || identity.comm !== stat.name || !identity.settled) {
      identity = this.readIdentity(pid, stat.startTime, stat.name);
      this.identities.set(pid, identity);
    }
    const row: ProcessRow = {
      pid,
      ppid: stat.ppid,
      pgid: stat.pgid,
      sid: stat.sid,
      name: displayName(stat.name, identity.argv0),
      cmd: identity.cmd || `[${stat.name}]`,
      state: stat.state,
      uid: identity.uid,
      user: identity.user,
      startTime: stat.startTime,
      startedAt: Math.round(bootTimeMs + (stat.startTime * 1000) / clockTicks),
      cpuTimeMs: ((stat.utimeTicks + stat.stimeTicks) * 1000) / clockTicks,
      rssBytes: stat.rssPages * pageSize,
      threads: stat.threads,
      nice: stat.nice,
      priority: stat.priority,
      virtBytes: stat.vsizeBytes,
      stateLetter: stat.letter,
    };
    const demand = this.demand;
    if (demand && (demand.rows === 'all' || demand.rows.has(processKey({ pid, startTime: stat.startTime })))) {
      if (demand.shr) {
        const shared = readSharedBytes(pid, pageSize);
        if (shared !== undefined) row.shrBytes = shared;
      }
      if (demand.io) {
        const io = readIoBytes(pid);
        if (io !== undefined) {
          row.ioReadBytes = io?.read ?? null;
          row.ioWriteBytes = io?.write ?? null;
        }
      }
    }
    return row;
  }

  private readIdentity(pid: number, startTime: number, comm: string): Identity {
    const settled = this.uptimeTicks() - startTime >= linuxSystemFacts().clockTicks;
    let cmd: string | null = null;
    let argv0: string | null = null;
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '');
      argv0 = raw.split('\0', 1)[0] || null;
      cmd = raw.replaceAll('\0', ' ');
    } catch {
      // unreadable or gone: shown by name
    }
    let uid: number | null = null;
    try {
      uid = statSync(`/proc/${pid}`).uid;
    } catch {
      // gone
    }
    this.users ??= readUserNames();
    const user = uid === null ? null : (this.users.get(uid) ?? String(uid));
    return { startTime, comm, settled, cmd, argv0, uid, user };
  }

  private uptimeTicks(): number {
    if (this.nowTicks === null) {
      const length = this.readOnce('/proc/uptime');
      const seconds = length > 0 ? Number.parseFloat(this.buffer.toString('latin1', 0, length)) : Number.NaN;
      // Unreadable uptime: call everything settled rather than re-read forever.
      this.nowTicks = Number.isFinite(seconds) ? seconds * linuxSystemFacts().clockTicks : Number.POSITIVE_INFINITY;
    }
    return this.nowTicks;
  }

  /** One read into the reused buffer; -1 when the file cannot be read. */
  private readOnce(path: string): number {
    const files = procFiles();
    const fd = files.open(path);
    if (fd < 0) return -1;
    const length = files.pread(fd, this.buffer);
    files.close(fd);
    return length;
  }
}
