import type { ProcessDetails } from '../../../shared/details';
import { processKey, type ProcessKey, type ProcessState } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import type { DarwinApi } from '../os/darwin-api';
import { P_STAT, machTicksToMs, type KinfoProcEntry } from '../os/darwin-layout';
import { readArguments, readExePath, readKinfoProcs, readTaskInfo, readTimebase, readUserName } from '../os/darwin-processes';
import type { ProcessReader } from './session';
import type { ProcessRow } from './types';

const STATE_BY_STAT: Record<number, ProcessState> = {
  [P_STAT.SIDL]: 'idle',
  [P_STAT.SRUN]: 'running',
  [P_STAT.SSLEEP]: 'sleeping',
  [P_STAT.SSTOP]: 'stopped',
  [P_STAT.SZOMB]: 'zombie',
};
/** The letter ps shows for each p_stat; an embryonic process (SIDL) has none of its own. */
const LETTER_BY_STAT: Record<number, string> = { [P_STAT.SRUN]: 'R', [P_STAT.SSLEEP]: 'S', [P_STAT.SSTOP]: 'T', [P_STAT.SZOMB]: 'Z' };

interface Once {
  exe: string | null;
  argv: string[] | null;
}

/**
 * The macOS backend, native, psutil's way: sysctl(KERN_PROC_ALL) for the table (every user's processes), then per
 * process proc_pidinfo(PROC_PIDTASKINFO) for CPU, resident size and threads (null for other users' processes unless
 * root), and once per new process proc_pidpath and the arguments from KERN_PROCARGS2. Users come from getpwuid_r,
 * cached by uid. startTime is the start instant in epoch ms (ms resolution; the ps fallback has whole seconds).
 */
export class DarwinNativeReader implements ProcessReader {
  private readonly api: DarwinApi;
  private readonly timebase: { numer: number; denom: number };
  private readonly once = new Map<ProcessKey, Once>();
  private readonly users = new Map<number, string | null>();

  constructor(api: DarwinApi) {
    this.api = api;
    this.timebase = readTimebase(api);
  }

  read(): ProcessRow[] {
    const table = readKinfoProcs(this.api);
    if (!table.ok) throw new ForkscopeError('unsupported', `cannot read the macOS process table: ${table.message}`);
    if (table.entries.length === 0) throw new ForkscopeError('internal', 'sysctl(KERN_PROC_ALL) returned an empty process table');
    const seen = new Set<ProcessKey>();
    const rows = table.entries.map((entry) => this.row(entry, seen));
    for (const key of this.once.keys()) if (!seen.has(key)) this.once.delete(key);
    return rows;
  }

  readOne(pid: number): ProcessRow | null {
    if (!Number.isInteger(pid) || pid < 0) return null;
    return this.read().find((row) => row.pid === pid) ?? null;
  }

  readDetails(pid: number): ProcessDetails {
    return { exe: readExePath(this.api, pid), cwd: null, env: null };
  }

  private row(entry: KinfoProcEntry, seen: Set<ProcessKey>): ProcessRow {
    const startedAt = Math.floor(entry.startUs / 1000);
    const key = processKey({ pid: entry.pid, startTime: startedAt });
    seen.add(key);
    const zombie = entry.stat === P_STAT.SZOMB;
    let once = this.once.get(key);
    if (!once) {
      // A zombie has no image or arguments left; ask again should it be seen as something else.
      once = zombie ? { exe: null, argv: null } : { exe: readExePath(this.api, entry.pid), argv: readArguments(this.api, entry.pid) };
      if (!zombie) this.once.set(key, once);
    }
    if (!this.users.has(entry.uid)) this.users.set(entry.uid, readUserName(this.api, entry.uid));
    const task = zombie ? null : readTaskInfo(this.api, entry.pid);
    const name = once.exe ? once.exe.slice(once.exe.lastIndexOf('/') + 1) : entry.comm;
    return {
      pid: entry.pid,
      ppid: entry.ppid,
      pgid: entry.pgid,
      sid: null,
      name,
      cmd: once.argv && once.argv.length > 0 ? once.argv.join(' ') : `[${name}]`,
      state: STATE_BY_STAT[entry.stat] ?? 'unknown',
      uid: entry.uid,
      user: this.users.get(entry.uid) ?? String(entry.uid),
      startTime: startedAt,
      startedAt,
      cpuTimeMs: task ? machTicksToMs(task.cpuTicks, this.timebase) : null,
      rssBytes: task ? task.residentBytes : null,
      threads: task ? task.threads : null,
      // htop's columns the same reads hold.
      nice: entry.nice,
      priority: task ? task.priority : null,
      virtBytes: task ? task.virtualBytes : null,
      stateLetter: LETTER_BY_STAT[entry.stat] ?? null,
    };
  }
}
