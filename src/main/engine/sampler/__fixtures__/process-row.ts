import type { ProcessRow } from '../types';

/** A row as a backend reads it, for tests that build tables by hand: a sleeping root process p<pid> under pid 1, its own group and session. */
export function processRow(pid: number, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid,
    ppid: 1,
    pgid: pid,
    sid: pid,
    name: `p${pid}`,
    cmd: `p${pid}`,
    state: 'sleeping',
    uid: 0,
    user: 'root',
    startTime: pid * 10,
    startedAt: 0,
    cpuTimeMs: 0,
    rssBytes: 0,
    threads: 1,
    ...extra,
  };
}
