import { execFileSyncOwn } from '../supervisor/own-spawns';
import { ForkscopeError } from '../../../shared/result';
import type { ProcessReader } from './session';
import type { ProcessRow } from './types';

/**
 * The Windows fallback backend, used when the FFI cannot load (win32-native.ts is the normal one): Win32_Process through PowerShell's CIM cmdlets (`wmic` is gone from
 * current Windows 11). Windows has no process states as POSIX has, no process groups or POSIX
 * sessions, and no zombies: state is 'running', pgid/sid null. The owner needs a per-process
 * GetOwner call, too slow for a tick: user null. startTime is CreationDate in epoch ms.
 */
const PROPERTIES = 'ProcessId,ParentProcessId,Name,CommandLine,CreationDate,KernelModeTime,UserModeTime,WorkingSetSize,ThreadCount';

export function win32Script(pid?: number): string {
  const filter = pid === undefined ? '' : ` -Filter "ProcessId=${Math.trunc(pid)}"`;
  // Without UTF-8 output, command lines outside the console's code page arrive garbled.
  return `[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; Get-CimInstance Win32_Process${filter} | Select-Object ${PROPERTIES} | ConvertTo-Json -Compress`;
}

interface CimProcess {
  ProcessId?: unknown;
  ParentProcessId?: unknown;
  Name?: unknown;
  CommandLine?: unknown;
  CreationDate?: unknown;
  KernelModeTime?: unknown;
  UserModeTime?: unknown;
  WorkingSetSize?: unknown;
  ThreadCount?: unknown;
}

/**
 * CreationDate as ConvertTo-Json writes a DateTime: Windows PowerShell 5.1 as "/Date(ms)/",
 * PowerShell 7 as ISO 8601 with an offset, and some hosts as an object with `value`/`DateTime`.
 */
export function parseCimDate(value: unknown): number | null {
  if (value && typeof value === 'object') {
    const o = value as { value?: unknown; DateTime?: unknown };
    return parseCimDate(o.value ?? o.DateTime);
  }
  if (typeof value !== 'string' || value === '') return null;
  const legacy = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
  if (legacy) return Number(legacy[1]);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** UInt64 counters may arrive as numbers or, past 2^53 in some hosts, as strings. */
function count(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

/** Parses ConvertTo-Json output of Win32_Process rows (one process is an object, several an array). */
export function parseWin32Json(output: string): ProcessRow[] {
  const text = output.trim();
  if (!text) return [];
  const parsed = JSON.parse(text) as CimProcess | CimProcess[];
  const rows: ProcessRow[] = [];
  for (const p of Array.isArray(parsed) ? parsed : [parsed]) {
    const pid = count(p.ProcessId);
    if (pid === null) continue;
    const name = typeof p.Name === 'string' && p.Name ? p.Name : `pid ${pid}`;
    const created = parseCimDate(p.CreationDate);
    const kernel = count(p.KernelModeTime);
    const user = count(p.UserModeTime);
    rows.push({
      pid,
      ppid: count(p.ParentProcessId) ?? 0,
      pgid: null,
      sid: null,
      name,
      // CommandLine is null for protected and system processes.
      cmd: typeof p.CommandLine === 'string' && p.CommandLine.trim() ? p.CommandLine.trim() : `[${name}]`,
      state: 'running',
      uid: null,
      user: null,
      startTime: created ?? 0,
      startedAt: created ?? 0,
      // CIM counts CPU time in 100 ns units.
      cpuTimeMs: kernel === null || user === null ? null : (kernel + user) / 10_000,
      rssBytes: count(p.WorkingSetSize),
      threads: count(p.ThreadCount),
    });
  }
  return rows;
}

function powershell(script: string): string {
  try {
    return execFileSyncOwn('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
    });
  } catch (error) {
    throw new ForkscopeError('unsupported', `cannot run PowerShell to read the process table: ${(error as Error).message}`);
  }
}

export class Win32ProcessReader implements ProcessReader {
  read(): ProcessRow[] {
    const rows = parseWin32Json(powershell(win32Script()));
    // Wine's powershell.exe is a stub that prints nothing and exits 0: no table is an error, never a result.
    if (rows.length === 0)
      throw new ForkscopeError(
        'unsupported',
        'PowerShell printed no processes for Get-CimInstance Win32_Process; the process table cannot be read this way here',
      );
    return rows;
  }

  readOne(pid: number): ProcessRow | null {
    if (!Number.isInteger(pid) || pid < 0) return null;
    return parseWin32Json(powershell(win32Script(pid))).find((row) => row.pid === pid) ?? null;
  }
}
