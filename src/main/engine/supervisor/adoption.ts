import type { EngineEvent, SupervisorEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import { isChildSubreaper, linuxProcessUnavailable, ownChildren, runMsSince, waitForChild } from '../os/linux-process';
import { readProcess } from '../sampler';
import { markIdentityDead, watchIdentity } from './identities';
import { isOwnSpawn } from './own-spawns';

/** How often the children are scanned when no SIGCHLD says so (a SIGCHLD can be merged with another). */
const SCAN_MS = 250;
/**
 * A child that no spawn of ours made and that nothing showed being re-parented to us (its
 * parent died before anyone saw it) is reaped only after it stayed a zombie this long, in case
 * some code in our own process (a worker thread's helper, Chromium's) is about to wait for it.
 */
const UNCLAIMED_GRACE_MS = 500;

interface Adoptee {
  pid: number;
  startTime: number;
  name: string;
  formerParent: { pid: number; name: string } | null;
  reported: boolean;
  /** Epoch ms it started (from its start time), for the run time reported at its exit. */
  startedAt: number;
  zombieSince: number | null;
  /** Something showed it had another parent (the sampler, a fork event): no grace needed. */
  evidence: boolean;
}

/** Why the reaper is off, or null when it runs: it runs only in a child subreaper or in pid 1. */
export function adoptionInactiveReason(): string | null {
  const unavailable = linuxProcessUnavailable();
  if (unavailable) return `adopt-and-reap needs waitid through the FFI: ${unavailable}`;
  if (process.pid === 1) return null;
  return isChildSubreaper() === true ? null : 'Forkscope is not a child subreaper in this process (only its entry points make it one)';
}

/**
 * Reaps exactly the processes Forkscope adopted: children of this process that no spawn of
 * Forkscope's own made (see own-spawns.ts), with waitid on that one pid, never waitpid(-1),
 * which would steal the exit statuses Node's child_process waits for. Each adoption is reported
 * once ("orphaned: parent P exited; adopted by Forkscope, which reaps it"), then its exit status
 * and its reaping, as the supervisor reports its own children's.
 */
export class Adoption {
  private inactive: string | null = 'nobody listens';
  private readonly listeners = new Map<(event: SupervisorEvent) => void, (sid: number) => boolean>();
  private readonly adoptees = new Map<number, Adoptee>();
  /** Former parents the sampler or a fork event told of, by process key, until the adoptee is seen. */
  private readonly hints = new Map<string, { pid: number; name: string }>();
  /** Each process's parent and each pid's name as the sampler last showed them, to name the parent an adoptee lost. */
  private readonly parents = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private readonly onChild = (): void => this.schedule();

  /**
   * Every supervisor (and the queue command) of this process hears every adoption: one reaper per
   * process, so two never race for a child or report it twice. `ownSession` says whether a session
   * leader is a child that listener started (its session's orphans are its subtree's). The reaper
   * runs from the first subscription in a subreaper (or pid 1) until the last one leaves.
   */
  subscribe(listener: (event: SupervisorEvent) => void, ownSession: (sid: number) => boolean = () => false): () => void {
    this.listeners.set(listener, ownSession);
    if (this.inactive) {
      this.inactive = adoptionInactiveReason();
      if (!this.inactive) {
        process.on('SIGCHLD', this.onChild);
        this.timer = setInterval(() => this.scan(), SCAN_MS);
        this.timer.unref();
      }
    }
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0 || this.inactive) return;
      // One last scan (reaping what already exited), then no more.
      this.scan();
      process.off('SIGCHLD', this.onChild);
      clearInterval(this.timer);
      this.timer = undefined;
      this.inactive = 'nobody listens';
    };
  }

  get active(): boolean {
    return this.inactive === null;
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners.keys()]) listener(event);
  }

  private ownSession(sid: number): boolean {
    return [...this.listeners.values()].some((owns) => owns(sid));
  }

  /** Sampler (or kernel) events: who had which parent, and a nudge to look now. */
  observe(events: readonly EngineEvent[]): void {
    if (!this.active) return;
    let ours = false;
    for (const event of events) {
      // The latest name of each pid (an exec renames: the parent an orphan lost is named as it was last).
      if ('pid' in event && 'name' in event && typeof event.name === 'string' && event.type !== 'ended') this.names.set(event.pid, event.name);
      if (event.type === 'keyframe') {
        this.parents.clear();
        if (this.names.size > 65_536) this.names.clear();
        for (const p of event.snapshot.processes) this.learn(p);
      } else if (event.type === 'started') {
        this.learn(event.process);
        if (event.process.ppid === process.pid) ours = true;
      } else if (event.type === 'ended') this.parents.delete(processKey(event));
      else if (event.type === 'orphaned' && event.ppid === process.pid) {
        this.hint(processKey(event), event.formerParent);
        ours = true;
      } else if (event.type === 'reparented') {
        this.parents.set(processKey(event), event.to);
        if (event.to !== process.pid) continue;
        this.hint(processKey(event), { pid: event.from, name: this.names.get(event.from) ?? '?' });
        ours = true;
      } else if (event.type === 'became-zombie' && event.ppid === process.pid) ours = true;
    }
    if (ours) this.schedule();
  }

  /** A fork event from the kernel's event source: the child's real parent at its birth. */
  onFork(child: { pid: number; startTime: number }, parent: { pid: number; name: string }): void {
    if (parent.pid !== process.pid) this.hint(processKey(child), parent);
  }

  /** Adopted processes still running (or not yet reaped). */
  current(): Array<{ pid: number; startTime: number; name: string; formerParent: { pid: number; name: string } | null }> {
    return [...this.adoptees.values()].map(({ pid, startTime, name, formerParent }) => ({ pid, startTime, name, formerParent }));
  }

  private learn(p: { pid: number; startTime: number; ppid: number; name: string }): void {
    this.parents.set(processKey(p), p.ppid);
    this.names.set(p.pid, p.name);
  }

  private hint(key: string, parent: { pid: number; name: string }): void {
    if (parent.pid === process.pid) return;
    this.hints.set(key, parent);
    const adoptee = [...this.adoptees.values()].find((a) => processKey(a) === key);
    if (adoptee && !adoptee.formerParent) {
      adoptee.formerParent = parent;
      adoptee.evidence = true;
    }
    // Hints for processes that never show up must not pile up.
    if (this.hints.size > 4096) this.hints.delete(this.hints.keys().next().value!);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.scan();
    });
  }

  /** Reads this process's children; notes new adoptees, reports them, and reaps the ones that exited. */
  scan(): void {
    const children = ownChildren();
    if (!children) return;
    const now = Date.now();
    const present = new Set<number>();
    for (const pid of children) {
      if (isOwnSpawn(pid)) continue;
      present.add(pid);
      let adoptee = this.adoptees.get(pid);
      const row = readProcess(pid);
      if (!adoptee) {
        if (!row) continue;
        const key = processKey(row);
        const lastParent = this.parents.get(key);
        const hint =
          this.hints.get(key) ??
          (lastParent !== undefined && lastParent !== process.pid ? { pid: lastParent, name: this.names.get(lastParent) ?? '?' } : null);
        this.hints.delete(key);
        const fromOwnSubtree = row.sid !== null && row.sid !== row.pid && this.ownSession(row.sid);
        adoptee = {
          pid,
          startTime: row.startTime,
          name: row.name,
          formerParent: hint,
          reported: false,
          startedAt: row.startedAt,
          zombieSince: null,
          evidence: hint !== null || fromOwnSubtree,
        };
        this.adoptees.set(pid, adoptee);
        watchIdentity(row);
      } else if (row && row.state !== 'zombie') adoptee.name = row.name;
      if (!adoptee.reported && adoptee.evidence) this.report(adoptee);
      if (row?.state === 'zombie') {
        adoptee.zombieSince ??= now;
        if (adoptee.evidence || process.pid === 1 || now - adoptee.zombieSince >= UNCLAIMED_GRACE_MS) this.reap(adoptee);
      }
    }
    // Gone without us (another thread's wait took it): forget it.
    for (const pid of this.adoptees.keys()) if (!present.has(pid)) this.adoptees.delete(pid);
  }

  private report(adoptee: Adoptee): void {
    adoptee.reported = true;
    this.emit({
      type: 'adopted',
      t: Date.now(),
      pid: adoptee.pid,
      startTime: adoptee.startTime,
      name: adoptee.name,
      ppid: process.pid,
      formerParent: adoptee.formerParent,
    });
  }

  private reap(adoptee: Adoptee): void {
    const result = waitForChild(adoptee.pid);
    if (!result.ok || result.state !== 'exited') return;
    this.adoptees.delete(adoptee.pid);
    markIdentityDead(adoptee);
    if (!adoptee.reported) this.report(adoptee);
    const t = Date.now();
    const base = { t, pid: adoptee.pid, startTime: adoptee.startTime, name: adoptee.name };
    const runMs = runMsSince(adoptee.startTime) ?? Math.max(0, t - adoptee.startedAt);
    this.emit({ type: 'exited', ...base, code: result.code, signal: result.signal, runMs });
    this.emit({ type: 'reaped', ...base });
  }
}

let shared: Adoption | undefined;

/** This process's one reaper of adopted processes. */
export function adoption(): Adoption {
  shared ??= new Adoption();
  return shared;
}
