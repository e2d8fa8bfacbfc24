import { processKey } from '../../../shared/model';
import { closeFd, pidfdOpen, pidfdSendSignal } from '../os/linux-process';
import { onLifecycle } from '../lifecycle/subscription';
import { readProcessStartTime } from '../sampler';

/**
 * What Forkscope knows of process identities beyond pid + start time, which a pid reused within
 * one clock tick shares with its predecessor: a pidfd held from the first sighting of the
 * processes Forkscope starts or adopts (and, with the kernel event source, of every process a
 * fork event announces), and the identities seen to die. A pidfd names its process for as long
 * as it is open, so a signal through it can never reach a newcomer; a dead identity is refused.
 */
const MAX_HELD = 1024;

const held = new Map<string, number>();
/**
 * The start time of the last identity seen to die, per pid: numbers, bounded by the pid space, where a set of key
 * strings grew by one per process of a storm and kept the collector busy. An older death of the same pid is not
 * needed: its start time differs from the pid's holder's now, which the exact signal path checks anyway.
 */
const deadStartTimes = new Map<number, number>();

type Target = { pid: number; startTime: number };

/**
 * Holds a pidfd for this process, opened now; `startTime` must be what was read for it before.
 * Checked after the open (the pidfd names whoever had the pid then), so a pidfd held here is
 * the target's. Beyond MAX_HELD, or without pidfds, nothing is held: signals then open one and
 * check the start time (see exact-signal.ts).
 */
export function watchIdentity(target: Target): boolean {
  const key = processKey(target);
  if (held.has(key) || isIdentityDead(target) || held.size >= MAX_HELD || target.startTime < 0) return held.has(key);
  const opened = pidfdOpen(target.pid);
  if (!opened.ok) return false;
  // Read after the open: when the pid's holder has the target's start time and the pidfd's process is still not reaped
  // (signal 0 through it finds it; EPERM still means it exists), they are one. Every fork event comes here: stat only.
  const startTime = readProcessStartTime(target.pid);
  const probe = pidfdSendSignal(opened.fd, 0);
  if (startTime !== target.startTime || (!probe.ok && probe.errno === 'ESRCH')) {
    closeFd(opened.fd);
    return false;
  }
  held.set(key, opened.fd);
  return true;
}

/** The process has exited (its exit event, its reaping, or the sampler saw it gone): refuse it from now on. */
export function markIdentityDead(target: Target): void {
  if (held.size > 0) {
    const key = processKey(target);
    const fd = held.get(key);
    if (fd !== undefined) {
      closeFd(fd);
      held.delete(key);
    }
  }
  deadStartTimes.set(target.pid, target.startTime);
}

export function isIdentityDead(target: Target): boolean {
  return deadStartTimes.get(target.pid) === target.startTime;
}

/** The pidfd held for this identity, if any. */
export function heldPidfd(target: Target): number | undefined {
  return held.get(processKey(target));
}

let following = false;

/**
 * With the kernel's event source on, every process a fork event announces gets a pidfd as it is
 * announced (within the MAX_HELD budget), and every exit event marks its identity dead at once,
 * before /proc shows it gone. Once per process; a no-op in sampled mode (no notices come).
 */
export function followKernelIdentities(): void {
  if (following) return;
  following = true;
  onLifecycle((notices) => {
    for (const notice of notices) if (notice.kind === 'exit') markIdentityDead(notice);
    // A process whose exit comes in the same batch as its fork (most of a storm's) needs no pidfd: it is dead already.
    for (const notice of notices) if (notice.kind === 'fork' && !isIdentityDead(notice)) watchIdentity(notice);
  });
}

/** How many pidfds are held (for tests and the header's cost figures). */
export function heldIdentityCount(): number {
  return held.size;
}
