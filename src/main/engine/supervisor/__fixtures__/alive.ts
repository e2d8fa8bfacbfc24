import { descendantsOf } from '../../../../shared/analysis/tree';
import { readProcess, readProcessTable } from '../../sampler';
import type { ProcessRow } from '../../sampler/types';

export interface Identity {
  pid: number;
  startTime: number;
}

/** The same process is still running: same pid and start time, and not a zombie (a zombie has died). */
export function isAlive(p: Identity): boolean {
  const row = readProcess(p.pid);
  return row !== null && row.startTime === p.startTime && row.state !== 'zombie';
}

/** SIGKILLs whatever in `started` still runs as itself; for afterEach, so a failed test leaks nothing. */
export function killLeftovers(started: Identity[]): void {
  for (const p of started.splice(0)) {
    if (!isAlive(p)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** The daemon watchdog Forkscope (`ownerPid`) runs, if any. */
export function watchdogOf(ownerPid: number): ProcessRow | undefined {
  return descendantsOf(readProcessTable(), ownerPid).find((p) => p.ppid === ownerPid && p.cmd.includes('daemon-watchdog.js'));
}
