import type { SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { LINUX_RT_FIRST, LINUX_RT_LAST, realtimeName, SIGNAL_NAMES, type SignalInfo } from '../../../shared/signals';
import type { SpawnMode, SupervisorEvent } from '../../../shared/events';
import { spawnSyncOwn } from './own-spawns';
import { onJobExit, placeInJob, terminateJobOf } from './windows-jobs';

/**
 * The supervisor's one place for platform differences (the sampler backends hold the others).
 * POSIX: sessions, process groups and zombies. Windows: none of these; a job object per attached or daemon child
 * (windows-jobs.ts) for kill tree and dying with Forkscope, taskkill for trees Forkscope did not start.
 */
const isWindows = process.platform === 'win32';
const isLinux = process.platform === 'linux';
/** include/linux/sched.h */
const PF_KTHREAD = 0x00200000;

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export const supervisorPlatform = {
  /** Which signals can be sent here, by name and number: what `kill -l` lists (Windows: what Node can send). */
  signals(): SignalInfo[] {
    if (isWindows) return ['SIGINT', 'SIGTERM', 'SIGKILL'].map((name) => ({ name, number: constants.signals[name as NodeJS.Signals] }));
    const known = new Set(SIGNAL_NAMES);
    const byNumber = new Map<number, string>();
    // Aliases (SIGIOT, SIGPOLL, SIGUNUSED, SIGCLD…) are not in SIGNAL_NAMES: each number keeps the name kill -l shows.
    for (const [name, number] of Object.entries(constants.signals)) if (known.has(name) && !byNumber.has(number)) byNumber.set(number, name);
    if (isLinux) for (let number = LINUX_RT_FIRST; number <= LINUX_RT_LAST; number++) byNumber.set(number, realtimeName(number));
    return [...byNumber].sort((a, b) => a[0] - b[0]).map(([number, name]) => ({ name, number }));
  },
  hasZombies: !isWindows,
  hasProcessGroups: !isWindows,
  /** Spawn options for a child in a new session (POSIX setsid) or a detached console (Windows). */
  newSessionOptions(): Partial<SpawnOptions> {
    return isWindows ? { detached: true, windowsHide: true } : { detached: true };
  },
  /** A shell command line for workloads written as shell (POSIX only). */
  shell(script: string): { command: string; args: string[] } | null {
    return isWindows ? null : { command: 'sh', args: ['-c', script] };
  },
  /** Windows has no signals between processes: terminate a tree with taskkill. */
  taskkillTree(pid: number, force: boolean): { ok: boolean; output: string } {
    const result = spawnSyncOwn('taskkill', ['/PID', String(pid), '/T', ...(force ? ['/F'] : [])], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  },
  /**
   * Windows: puts a child Forkscope just started (attached or daemon) into a kill-on-close job of its own; null when
   * done or nothing to do (POSIX, detached), else why not (kill tree then falls back to taskkill).
   */
  placeInJob(pid: number, mode: SpawnMode): string | null {
    return isWindows ? placeInJob(pid, mode) : null;
  },
  /** Windows: TerminateJobObject on the job `target` heads; false when it heads none (or on POSIX). */
  terminateJobOf(target: { pid: number; startTime: number }): boolean {
    return isWindows && terminateJobOf(target);
  },
  /** Windows: `exited` events (with exit codes) of the descendants in those jobs; POSIX: none (the adoption reports them). */
  onJobExit(listener: (event: SupervisorEvent) => void): () => void {
    return isWindows ? onJobExit(listener) : () => {};
  },
  isWindows,
  /**
   * Linux lists every thread under /proc/<tid> too, and kill(tid) signals the whole process: the process a thread id
   * belongs to (Tgid), or null when `pid` is a process itself, is gone, or the platform has no such ids.
   */
  processOfThread(pid: number): number | null {
    if (!isLinux) return null;
    const status = readProc(pid, 'status');
    const tgid = Number(/^Tgid:\s*(\d+)/m.exec(status ?? '')?.[1]);
    return Number.isInteger(tgid) && tgid > 0 && tgid !== pid ? tgid : null;
  },
  /** A kernel thread (kthreadd, pid 2 outside a pid namespace, and what it starts): PF_KTHREAD in the flags of /proc/<pid>/stat. Signals do nothing to it. */
  isKernelThread(pid: number): boolean {
    if (!isLinux) return false;
    const stat = readProc(pid, 'stat');
    if (!stat) return false;
    // Fields after the name, which may itself hold spaces and parentheses: state ppid pgrp session tty_nr tpgid flags …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const flags = Number(fields[6]);
    // Not "pid 2 or its children": inside a pid namespace those are ordinary processes. The flag is what the kernel says.
    return Number.isFinite(flags) && (flags & PF_KTHREAD) !== 0;
  },
};
