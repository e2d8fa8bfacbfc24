import type { ProcessDetails } from '../../../shared/details';
import { processKey, type ProcessKey } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import type { Win32Api } from '../os/win32-api';
import { filetimeToEpochMs, type SystemProcessEntry } from '../os/win32-layout';
import { readProcessCwd, readProcessExtras, readSystemProcesses, type ProcessExtras } from '../os/win32-processes';
import type { ProcessReader } from './session';
import type { ProcessRow } from './types';

/** How many ticks a missing command line is asked for again (access denied stays denied; a starting process catches up). */
const EXTRA_ATTEMPTS = 3;

/**
 * The Windows backend, native: one NtQuerySystemInformation per tick gives the table (psutil's and System Informer's
 * way); the command line, executable and owner are read once per new process (pid + create time) and kept while it
 * lives. Windows has no POSIX states, groups or sessions and no zombies: state 'running', pgid/sid null; the Remote
 * Desktop session goes in winSessionId. startTime is the create time in epoch ms, as the CIM fallback gives it.
 */
export class Win32NativeReader implements ProcessReader {
  private readonly extras = new Map<ProcessKey, ProcessExtras & { attempts: number }>();
  private readonly api: Win32Api;

  constructor(api: Win32Api) {
    this.api = api;
  }

  read(): ProcessRow[] {
    const table = readSystemProcesses(this.api);
    if (!table.ok) throw new ForkscopeError('unsupported', `cannot read the Windows process table: ${table.message}`);
    // Every Windows machine runs at least the idle process and System; an empty table means the read went wrong.
    if (table.entries.length === 0) throw new ForkscopeError('internal', 'NtQuerySystemInformation returned an empty process table');
    const seen = new Set<ProcessKey>();
    const rows = table.entries.map((entry) => {
      const row = toRow(entry);
      const key = processKey(row);
      seen.add(key);
      let extras = this.extras.get(key);
      // A process caught while it starts may not have its parameters in its PEB yet: read again on the next few ticks.
      if (!extras || (extras.commandLine === null && extras.attempts < EXTRA_ATTEMPTS && row.pid !== 0 && row.pid !== 4)) {
        extras = { ...readProcessExtras(this.api, row.pid), attempts: (extras?.attempts ?? 0) + 1 };
        this.extras.set(key, extras);
      }
      row.user = extras.user;
      if (extras.commandLine?.trim()) row.cmd = extras.commandLine.trim();
      return row;
    });
    for (const key of this.extras.keys()) if (!seen.has(key)) this.extras.delete(key);
    return rows;
  }

  readOne(pid: number): ProcessRow | null {
    if (!Number.isInteger(pid) || pid < 0) return null;
    // One call reads every process; there is no cheaper way to read one by pid with the same fields.
    return this.read().find((row) => row.pid === pid) ?? null;
  }

  readDetails(pid: number): ProcessDetails {
    const row = this.readOne(pid);
    if (!row) return { exe: null, cwd: null, env: null };
    return { exe: this.extras.get(processKey(row))?.exe ?? null, cwd: readProcessCwd(this.api, pid), env: null };
  }
}

export function toRow(entry: SystemProcessEntry): ProcessRow {
  const startedAt = filetimeToEpochMs(entry.createTime);
  return {
    pid: entry.pid,
    ppid: entry.ppid,
    pgid: null,
    sid: null,
    name: entry.imageName,
    cmd: `[${entry.imageName}]`,
    state: 'running',
    uid: null,
    user: null,
    startTime: startedAt,
    startedAt,
    // Kernel and user times come in 100 ns units.
    cpuTimeMs: (entry.kernelTime100ns + entry.userTime100ns) / 10_000,
    rssBytes: entry.workingSetBytes,
    threads: entry.threads,
    privateBytes: entry.privateBytes,
    handles: entry.handles,
    winSessionId: entry.sessionId,
    // htop's columns the same record holds, so they cost nothing more: Windows has a base priority but no nice value.
    priority: entry.basePriority,
    nice: null,
    virtBytes: entry.virtualBytes,
    ioReadBytes: entry.ioReadBytes,
    ioWriteBytes: entry.ioWriteBytes,
  };
}
