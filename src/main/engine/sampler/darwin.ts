import { execFileSyncOwn } from '../supervisor/own-spawns';
import type { ProcessState } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import type { ProcessReader } from './session';
import type { ProcessRow } from './types';

/**
 * The macOS fallback backend, used when the FFI cannot load (darwin-native.ts is the normal one): BSD `ps`. Two runs, joined by pid,
 * because a process name and a command line can both hold spaces and only the LAST column of a
 * line can be taken whole:
 *
 *   ps -axww -o pid=,ppid=,pgid=,uid=,stat=,rss=,time=,lstart=,user=,args=
 *     pid ppid pgid uid   numbers
 *     stat                BSD state letters then flags ("Ss", "R+", "Z"); first letter mapped below
 *     rss                 KiB
 *     time                cumulative user+system CPU, "MM:SS.cc" (minutes grow past 59)
 *     lstart              start, local time, always five words: "Mon Nov 23 08:18:37 2026"
 *     user                login name (no spaces on macOS), or the uid when it has none
 *     args                the command line, rest of the line
 *   ps -axww -o pid=,comm=
 *     comm                the executable's path, rest of the line; its basename is the name
 *
 * Not available from ps: the session id (macOS `sess` prints a kernel address, not a pid) and the
 * thread count; both are null. startTime is the lstart instant in epoch ms (1 s resolution).
 */

const STATE_BY_LETTER: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  // BSD "I" is a process asleep for more than 20 s, not Linux's idle kernel thread.
  I: 'sleeping',
  U: 'disk-sleep',
  D: 'disk-sleep',
  T: 'stopped',
  Z: 'zombie',
};

export const PS_TABLE_ARGS = ['-axww', '-o', 'pid=,ppid=,pgid=,uid=,stat=,rss=,time=,lstart=,user=,args='];
export const PS_NAMES_ARGS = ['-axww', '-o', 'pid=,comm='];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ps` CPU time in ms: macOS "MM:SS.cc" (minutes grow past 59), or "[DD-]HH:MM:SS[.cc]"; null if unreadable. */
export function parsePsTime(text: string): number | null {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Math.round((((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000);
}

/** lstart's five words ("Mon Nov 23 08:18:37 2026") as epoch ms in the local time zone, as ps printed them. */
export function parseLstart(words: readonly string[]): number | null {
  const [, month, day, clock, year] = words;
  const m = MONTHS.indexOf(month ?? '');
  const hms = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(clock ?? '');
  if (m < 0 || !hms || !/^\d+$/.test(day ?? '') || !/^\d{4}$/.test(year ?? '')) return null;
  return new Date(Number(year), m, Number(day), Number(hms[1]), Number(hms[2]), Number(hms[3])).getTime();
}

/** `ps -o pid=,comm=` output: pid → executable path. */
export function parsePsNames(output: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+) (.*)$/.exec(line);
    if (match) names.set(Number(match[1]), match[2]!.trim());
  }
  return names;
}

function basename(path: string): string {
  // ps shows a zombie's comm in parentheses: "(sleep)".
  const bare = /^\((.*)\)$/.exec(path)?.[1] ?? path;
  return bare.slice(bare.lastIndexOf('/') + 1) || bare;
}

/** Parses the table run (PS_TABLE_ARGS); `names` from the comm run supplies each process's name. */
export function parsePsTable(output: string, names: ReadonlyMap<number, string> = new Map()): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const line of output.split('\n')) {
    // 13 fixed words (pid ppid pgid uid stat rss time + 5 lstart words + user), then args.
    const words = line.trim().split(/\s+/);
    if (words.length < 13 || !/^\d+$/.test(words[0]!)) continue;
    const pid = Number(words[0]);
    const startedAt = parseLstart(words.slice(7, 12));
    if (startedAt === null) continue;
    const args = line.trim().replace(/^(\S+\s+){13}/, '');
    const stateLetter = words[4]!.charAt(0);
    const comm = names.get(pid);
    const rawName = comm ? basename(comm) : basename(args.split(' ', 1)[0] ?? '');
    const state = STATE_BY_LETTER[stateLetter] ?? 'unknown';
    rows.push({
      pid,
      ppid: Number(words[1]),
      pgid: Number(words[2]),
      sid: null,
      name: rawName,
      // A zombie has no arguments left; ps shows "<defunct>" or the bare name.
      cmd: args && args !== '<defunct>' ? args : `[${rawName}]`,
      state,
      uid: Number(words[3]),
      user: words[12]!,
      startTime: startedAt,
      startedAt,
      cpuTimeMs: parsePsTime(words[6]!),
      rssBytes: Number(words[5]) * 1024,
      threads: null,
    });
  }
  return rows;
}

function runPs(args: readonly string[]): string {
  try {
    // The C locale pins lstart (strftime %c) and the decimal point in time to the parsed format.
    const env = { ...process.env, LC_ALL: 'C' };
    return execFileSyncOwn('ps', args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // ps exits 1 when -p names no live process; its (empty) output is still the answer.
    const stdout = (error as { stdout?: unknown }).stdout;
    if (typeof stdout === 'string') return stdout;
    throw new ForkscopeError('unsupported', `cannot run ps to read the process table: ${(error as Error).message}`);
  }
}

export class DarwinProcessReader implements ProcessReader {
  read(): ProcessRow[] {
    const rows = parsePsTable(runPs(PS_TABLE_ARGS), parsePsNames(runPs(PS_NAMES_ARGS)));
    // ps always lists at least launchd and itself: no rows means the read went wrong, never an empty machine.
    if (rows.length === 0) throw new ForkscopeError('unsupported', 'ps printed no processes; the process table cannot be read this way here');
    return rows;
  }

  readOne(pid: number): ProcessRow | null {
    if (!Number.isInteger(pid) || pid < 0) return null;
    const only = (args: string[]): string[] => [...args.filter((a) => a !== '-axww'), '-ww', '-p', String(pid)];
    return parsePsTable(runPs(only(PS_TABLE_ARGS)), parsePsNames(runPs(only(PS_NAMES_ARGS)))).find((row) => row.pid === pid) ?? null;
  }
}
