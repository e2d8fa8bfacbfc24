import type { ProcessState } from '../../../shared/model';

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
  /** The state letter as the kernel wrote it (R, S, D, T, t, Z, I, X…). */
  letter: string;
  priority: number;
  nice: number;
  vsizeBytes: number;
}

/** Parses /proc/PID/stat from the last ')', since a process name may hold spaces and parentheses. */
export function parseStat(text: string): StatFields | null {
  const buffer = Buffer.from(text, 'utf8');
  return parseStatBuffer(buffer, buffer.length);
}

const SPACE = 0x20;
const CLOSE_PAREN = 0x29;
const OPEN_PAREN = 0x28;
/** Field numbers (0 = the state letter after the name) that Forkscope reads. */
const F_PPID = 1,
  F_PGRP = 2,
  F_SESSION = 3,
  F_UTIME = 11,
  F_STIME = 12,
  F_PRIORITY = 15,
  F_NICE = 16,
  F_THREADS = 17,
  F_START = 19,
  F_VSIZE = 20,
  F_RSS = 21;
/** In ascending order: the parse below takes them as it passes them. */
const WANTED = [F_PPID, F_PGRP, F_SESSION, F_UTIME, F_STIME, F_PRIORITY, F_NICE, F_THREADS, F_START, F_VSIZE, F_RSS];
const FIELDS = WANTED.map(() => 0);

/**
 * The same parse straight from the read buffer, without splitting a string: this runs for every
 * process on every tick, so it allocates nothing but the name.
 */
export function parseStatBuffer(buffer: Buffer, length: number): StatFields | null {
  let close = -1;
  for (let i = length - 1; i >= 0; i--) {
    if (buffer[i] === CLOSE_PAREN) {
      close = i;
      break;
    }
  }
  const open = buffer.indexOf(OPEN_PAREN);
  if (open < 0 || close < open || close + 2 >= length) return null;
  let pid = 0;
  for (let i = 0; i < open; i++) {
    const c = buffer[i]!;
    if (c >= 48 && c <= 57) pid = pid * 10 + (c - 48);
  }
  const fields = FIELDS;
  const wanted = WANTED;
  let field = 0;
  let slot = 0;
  let value = 0;
  let negative = false;
  for (let i = close + 4; i <= length && slot < wanted.length; i++) {
    const c = i < length ? buffer[i]! : SPACE;
    if (c === SPACE || c === 10) {
      field++;
      if (field === wanted[slot]) fields[slot++] = negative ? -value : value;
      value = 0;
      negative = false;
    } else if (c === 45) {
      negative = true;
    } else {
      value = value * 10 + (c - 48);
    }
  }
  if (slot < wanted.length) return null;
  const letter = String.fromCharCode(buffer[close + 2]!);
  return {
    pid,
    name: buffer.toString('utf8', open + 1, close),
    state: STATE_BY_LETTER[letter] ?? 'unknown',
    letter,
    ppid: fields[0]!,
    pgid: fields[1]!,
    sid: fields[2]!,
    utimeTicks: fields[3]!,
    stimeTicks: fields[4]!,
    priority: fields[5]!,
    nice: fields[6]!,
    threads: fields[7]!,
    startTime: fields[8]!,
    vsizeBytes: fields[9]!,
    rssPages: fields[10]!,
  };
}
