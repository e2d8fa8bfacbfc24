import type { ProcessInfo } from '../model';

/**
 * A process as the engine reports it, for tests and benches that build a table by hand: a sleeping root process whose
 * start time is its pid, with no CPU or memory reading; `extra` sets the rest. No Node or DOM imports, so engine,
 * shared and renderer tests can all build their tables with it.
 */
export function processInfo(pid: number, ppid: number, name: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    ppid,
    name,
    cmd: name,
    state: 'sleeping',
    user: 'root',
    startedAt: 0,
    startTime: pid,
    cpuPercent: null,
    rssBytes: null,
    zombie: false,
    orphan: false,
    ...extra,
  };
}
