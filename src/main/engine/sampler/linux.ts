import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { ProcessState } from '../../../shared/model';
import type { ProcessRow } from './types';

/**
 * The Linux backend: reads /proc synchronously (the fast way; it runs in a worker thread).
 * Only `stat` is read every tick; the command line and owner are read once per process
 * (pid + start time) and cached, since they do not change.
 */

/** Kernel state letters onto Forkscope's closed set, in one table. */
const STATE_BY_LETTER: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  I: 'idle',
  X: 'dead',
  x: 'dead',
};

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Node has no sysconf: ask getconf once per process. */
let systemFacts: { clockTicks: number; pageSize: number; bootTimeMs: number } | undefined;
export function linuxSystemFacts(): { clockTicks: number; pageSize: number; bootTimeMs: number } {
  if (!systemFacts) {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    systemFacts = {
      clockTicks: getconf('CLK_TCK', 100),
      pageSize: getconf('PAGESIZE', 4096),
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

export interface StatFields {
  pid: number;
  name: string;
  state: ProcessState;
  ppid: number;
  pgid: number;
  sid: number;
  utimeTicks: number;
  stimeTicks: number;
  threads: number;
  startTime: number;
  rssPages: number;
}

/** Parses /proc/PID/stat from the last ')', since a process name may hold spaces and parentheses. */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22) return null;
  return {
    pid: Number(text.slice(0, open).trim()),
    name: text.slice(open + 1, close),
    state: STATE_BY_LETTER[f[0]!] ?? 'unknown',
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    utimeTicks: Number(f[11]),
    stimeTicks: Number(f[12]),
    threads: Number(f[17]),
    startTime: Number(f[19]),
    rssPages: Number(f[21]),
  };
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

interface Identity {
  startTime: number;
  cmd: string | null;
  argv0: string | null;
  uid: number | null;
  user: string | null;
}

/** A reader with its own cache of what does not change during a process's life. */
export class LinuxProcessReader {
  private readonly buffer = Buffer.alloc(4096);
  private readonly identities = new Map<number, Identity>();
  private users: Map<number, string> | undefined;

  read(): ProcessRow[] {
    const rows: ProcessRow[] = [];
    const seen = new Set<number>();
    for (const entry of readdirSync('/proc')) {
      const code = entry.charCodeAt(0);
      if (code < 48 || code > 57) continue;
      const row = this.readOne(Number(entry));
      if (!row) continue; // ended between listing and reading
      seen.add(row.pid);
      rows.push(row);
    }
    for (const pid of this.identities.keys()) if (!seen.has(pid)) this.identities.delete(pid);
    return rows;
  }

  /** One process, or null when it does not exist (any more). */
  readOne(pid: number): ProcessRow | null {
    const { clockTicks, pageSize, bootTimeMs } = linuxSystemFacts();
    const text = this.readSmall(`/proc/${pid}/stat`);
    if (text === null) return null;
    const stat = parseStat(text);
    if (!stat) return null;
    let identity = this.identities.get(pid);
    if (!identity || identity.startTime !== stat.startTime) {
      identity = this.readIdentity(pid, stat.startTime);
      this.identities.set(pid, identity);
    }
    return {
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
    };
  }

  private readIdentity(pid: number, startTime: number): Identity {
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
    return { startTime, cmd, argv0, uid, user };
  }

  /** One read into the reused buffer: stat always fits in 4 KiB. */
  private readSmall(path: string): string | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      return this.buffer.toString('utf8', 0, n);
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }
}
