import { isProcessEvent, type EngineEvent } from '../../../shared/events';
import { processKey, type ProcessState, type Snapshot } from '../../../shared/model';

interface Tracked {
  pid: number;
  startTime: number;
  ppid: number;
  name: string;
  state: ProcessState;
  ended: boolean;
  exit: { code: number | null; signal: string | null } | null;
  formerParent: { pid: number; name: string } | null;
  /**
   * Reported as a zombie (became-zombie): left unreaped past the report threshold with kernel events, seen unreaped
   * by a tick when sampled. Not merely read in state Z: every process is a zombie between its exit and its reaping.
   */
  everZombie: boolean;
  /** The parent that left it a zombie (adoption may change ppid later). */
  zombieParent: number | null;
  runMs: number | null;
}

export interface SubtreeSummary {
  processes: number;
  zombies: Array<{ pid: number; name: string; ppid: number }>;
  orphans: Array<{ pid: number; name: string; formerParent: { pid: number; name: string } }>;
  exitCodes: Array<{ pid: number; name: string; code: number | null; signal: string | null }>;
  /** Every process of the subtree, however short: parent, name, run time (when known) and exit status (when known). */
  tree: Array<{ pid: number; ppid: number; name: string; runMs: number | null; code: number | null; signal: string | null }>;
  /** The root's exit code as a shell reports it: 128 + signal number when a signal ended it. */
  exitCode: number;
}

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGABRT: 6,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGUSR1: 10,
  SIGUSR2: 12,
};

/** How an adoption reads, wherever it is shown. */
export function adoptedText(formerParent: { pid: number; name: string } | null, by?: number): string {
  const parent = formerParent ? `parent ${formerParent.pid} (${formerParent.name}) exited` : 'its parent exited before Forkscope saw it';
  return `orphaned: ${parent}; adopted by Forkscope${by === undefined ? '' : ` (${by})`}, which reaps it`;
}

/**
 * Follows one process and every descendant it ever had, through re-parenting, until all of
 * them have ended (a zombie has ended: its parent's wait() may never come).
 */
export class SubtreeWatch {
  rootKey: string | null = null;
  private readonly tracked = new Map<string, Tracked>();
  private readonly livePids = new Map<number, string>();
  /** The last process of the subtree that ended under each pid, for children whose fork event comes late. */
  private readonly endedPids = new Map<number, { startTime: number }>();
  /** When the root leads its own session, anything later in that session is its descendant, even if its parent was too quick to be seen. */
  private rootSession: number | null = null;

  setRoot(key: string, snapshot?: Snapshot, options: { ownSession?: boolean } = {}): void {
    this.rootKey = key;
    if (options.ownSession) this.rootSession = Number(key.split('@')[0]);
    const [pid, startTime] = key.split('@').map(Number) as [number, number];
    if (!this.tracked.has(key)) this.track({ pid, startTime, ppid: process.pid, name: '?', state: 'running' });
    if (snapshot) this.adoptDescendants(snapshot);
  }

  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'spawned':
        if (processKey(event) === this.rootKey) {
          const root = this.tracked.get(this.rootKey)!;
          root.name = event.name;
          root.ppid = event.ppid;
        }
        return;
      case 'started':
        if (this.belongs(event.process)) this.track(event.process);
        return;
      case 'keyframe':
        this.adoptDescendants(event.snapshot);
        for (const p of event.snapshot.processes) this.rename(processKey(p), p.name);
        return;
      case 'sample':
        // Sampled mode has no exec event: a tick that reads a new name of the same process (pid and start time) is one.
        for (const change of event.changes) if (change.name !== undefined) this.rename(processKey(change), change.name);
        return;
      case 'exited': {
        const entry = this.tracked.get(processKey(event));
        if (entry) entry.exit = { code: event.code, signal: event.signal };
        return;
      }
      case 'exit': {
        // The kernel's word: exited, a zombie until reaped (which may never come).
        const entry = this.tracked.get(processKey(event));
        if (entry) {
          entry.exit = { code: event.code, signal: event.signal };
          entry.runMs = event.runMs;
          entry.state = 'zombie';
        }
        return;
      }
      case 'exec': {
        const entry = this.tracked.get(processKey(event));
        if (entry) entry.name = event.name;
        return;
      }
      case 'reaped':
        this.end(processKey(event));
        return;
      case 'ended':
        this.end(processKey(event));
        return;
      case 'state-changed': {
        const entry = this.tracked.get(processKey(event));
        if (entry) entry.state = event.to;
        return;
      }
      case 'became-zombie': {
        const entry = this.tracked.get(processKey(event));
        if (entry) {
          entry.state = 'zombie';
          if (!entry.everZombie) entry.zombieParent = event.ppid;
          entry.everZombie = true;
        }
        return;
      }
      case 'reparented': {
        const entry = this.tracked.get(processKey(event));
        if (entry) entry.ppid = event.to;
        return;
      }
      case 'orphaned':
      case 'adopted': {
        const entry = this.tracked.get(processKey(event));
        if (entry && event.formerParent) entry.formerParent = event.formerParent;
        return;
      }
      default:
        return;
    }
  }

  /** A line for each event about this subtree, for people and as JSON; null for others. */
  describe(event: EngineEvent): { text: string; json: Record<string, unknown> } | null {
    if (!isProcessEvent(event)) return null;
    const key = event.type === 'started' ? processKey(event.process) : processKey(event);
    const entry = this.tracked.get(key);
    if (!entry) return null;
    const { type, t } = event;
    const common = { type, t, pid: entry.pid, ppid: entry.ppid, name: entry.name };
    switch (event.type) {
      case 'started':
        return {
          text: `started ${entry.pid} (${entry.name}), child of ${event.process.ppid}: ${event.process.cmd}`,
          json: { ...common, cmd: event.process.cmd },
        };
      case 'spawned':
        return {
          text: `spawned ${event.pid} (${event.name}) as ${event.mode}: ${[event.command, ...event.args].join(' ')}`,
          json: { ...common, ppid: event.ppid, mode: event.mode, command: event.command, args: event.args },
        };
      case 'exited':
        return {
          text: `${entry.pid} (${entry.name}) exited ${event.signal ? `by ${event.signal}` : `with code ${event.code}`} after ${event.runMs} ms`,
          json: { ...common, code: event.code, signal: event.signal, runMs: event.runMs },
        };
      case 'reaped':
        return { text: `${entry.pid} (${entry.name}) reaped by Forkscope`, json: common };
      case 'ended':
        return { text: `${entry.pid} (${entry.name}) ended`, json: common };
      case 'reparented':
        return {
          text: `${entry.pid} (${entry.name}) re-parented from ${event.from} to ${event.to}`,
          json: { ...common, from: event.from, to: event.to },
        };
      case 'state-changed':
        return { text: `${entry.pid} (${entry.name}) ${event.from} → ${event.to}`, json: { ...common, from: event.from, to: event.to } };
      case 'became-zombie':
        return {
          text: `${entry.pid} (${entry.name}) became a zombie: its parent ${event.ppid} has not reaped it`,
          json: { ...common, ppid: event.ppid },
        };
      case 'zombie-reaped':
        return {
          text: `zombie ${entry.pid} (${entry.name}) is gone: reaped at last (its parent when last seen was ${event.ppid})`,
          json: { ...common, ppid: event.ppid, zombieSinceMs: event.zombieSinceMs },
        };
      case 'orphaned':
        return {
          text: `${entry.pid} (${entry.name}) orphaned: its parent ${event.formerParent.pid} (${event.formerParent.name}) ended; adopted by ${event.ppid}`,
          json: { ...common, formerParent: event.formerParent },
        };
      case 'adopted':
        return {
          text: `${entry.pid} (${entry.name}) ${adoptedText(event.formerParent)}`,
          json: { ...common, formerParent: event.formerParent, adoptedBy: event.ppid },
        };
      case 'signaled':
        return {
          text: `${entry.pid} (${entry.name}) sent ${event.signal}: ${event.outcome}`,
          json: { ...common, signal: event.signal, outcome: event.outcome },
        };
      case 'joined':
        return { text: `${entry.pid} (${entry.name}) joined`, json: { ...common, code: event.code, signal: event.signal, timedOut: event.timedOut } };
      case 'exec':
        return { text: `${entry.pid} exec: ${event.formerName} → ${event.name}`, json: { ...common, formerName: event.formerName } };
      case 'exit': {
        const how = event.signal ? `killed by ${event.signal}${event.core ? ' (core dumped)' : ''}` : `exited with code ${event.code}`;
        return {
          text: `${entry.pid} (${entry.name}) ${how}${event.runMs === null ? '' : ` after ${event.runMs} ms`}`,
          json: { ...common, code: event.code, signal: event.signal, core: event.core, runMs: event.runMs },
        };
      }
      case 'restart-scheduled':
        return {
          text: `${entry.pid} (${entry.name}) ${event.reason}; restart ${event.attempt} in ${event.delayMs} ms`,
          json: { ...common, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
        };
      case 'restarted':
        return {
          text: `${entry.pid} (${entry.name}) started again (restarted ${event.restarts}×), after ${event.previous.pid}`,
          json: { ...common, previous: event.previous, restarts: event.restarts },
        };
      case 'restart-ended':
        return { text: `${entry.pid} (${entry.name}) ${event.message}`, json: { ...common, reason: event.reason, restarts: event.restarts } };
    }
  }

  /** The root has exited and every process ever in the subtree has ended or is a zombie. */
  finished(): boolean {
    if (!this.rootKey || !this.tracked.get(this.rootKey)?.ended) return false;
    return [...this.tracked.values()].every((entry) => entry.ended || entry.state === 'zombie');
  }

  summary(): SubtreeSummary {
    const entries = [...this.tracked.values()];
    const root = this.rootKey ? this.tracked.get(this.rootKey) : undefined;
    const exit = root?.exit;
    return {
      processes: entries.length,
      zombies: entries.filter((e) => e.everZombie).map((e) => ({ pid: e.pid, name: e.name, ppid: e.zombieParent ?? e.ppid })),
      orphans: entries.filter((e) => e.formerParent).map((e) => ({ pid: e.pid, name: e.name, formerParent: e.formerParent! })),
      exitCodes: entries.filter((e) => e.exit).map((e) => ({ pid: e.pid, name: e.name, ...e.exit! })),
      tree: entries.map((e) => ({
        pid: e.pid,
        ppid: e.ppid,
        name: e.name,
        runMs: e.runMs,
        code: e.exit?.code ?? null,
        signal: e.exit?.signal ?? null,
      })),
      exitCode: !exit ? 1 : exit.signal ? 128 + (SIGNAL_NUMBERS[exit.signal] ?? 0) : (exit.code ?? 1),
    };
  }

  summaryText(): string {
    const s = this.summary();
    const parts = [`${s.processes} process${s.processes === 1 ? '' : 'es'} seen`];
    parts.push(s.zombies.length ? `zombies: ${s.zombies.map((z) => `${z.pid} (${z.name}, parent ${z.ppid})`).join(', ')}` : 'no zombies');
    parts.push(
      s.orphans.length
        ? `orphans: ${s.orphans.map((o) => `${o.pid} (${o.name}, was child of ${o.formerParent.pid} ${o.formerParent.name})`).join(', ')}`
        : 'no orphans',
    );
    parts.push(`exit codes: ${s.exitCodes.map((e) => `${e.pid} (${e.name}) ${e.signal ?? e.code}`).join(', ') || 'none known'}`);
    return parts.join('; ');
  }

  private belongs(p: { ppid: number; startTime?: number; sid?: number | null | undefined }): boolean {
    if (this.livePids.has(p.ppid) || (this.rootSession !== null && p.sid === this.rootSession)) return true;
    // A kernel fork event may be read after a tick saw its parent gone: a parent that ended lately, and started before it, still counts.
    const parent = this.endedPids.get(p.ppid);
    return parent !== undefined && p.startTime !== undefined && p.startTime >= parent.startTime;
  }

  private track(p: { pid: number; startTime: number; ppid: number; name: string; state: ProcessState }): void {
    const key = processKey(p);
    if (this.tracked.has(key)) return;
    this.tracked.set(key, {
      pid: p.pid,
      startTime: p.startTime,
      ppid: p.ppid,
      name: p.name,
      state: p.state,
      ended: false,
      exit: null,
      formerParent: null,
      everZombie: false,
      zombieParent: null,
      runMs: null,
    });
    this.livePids.set(p.pid, key);
  }

  private rename(key: string, name: string): void {
    const entry = this.tracked.get(key);
    if (entry && !entry.ended) entry.name = name;
  }

  private end(key: string): void {
    const entry = this.tracked.get(key);
    if (!entry) return;
    entry.ended = true;
    if (this.livePids.get(entry.pid) === key) this.livePids.delete(entry.pid);
    this.endedPids.set(entry.pid, { startTime: entry.startTime });
  }

  private adoptDescendants(snapshot: Snapshot): void {
    for (let added = true; added;) {
      added = false;
      for (const p of snapshot.processes) {
        if (!this.tracked.has(processKey(p)) && this.belongs(p)) {
          this.track(p);
          added = true;
        }
      }
    }
  }
}
