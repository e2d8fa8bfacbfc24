import type { SignalName, SupervisorEvent } from '../../../shared/events';
import { processKey, type ProcessKey } from '../../../shared/model';
import { RestartPolicySchema, type ChildInfo, type ExitInfo, type ProcessTarget } from '../../../shared/supervision';
import { RestartChain } from './restart-policy';
import type { SpawnRequest } from './spawn-request';

/** What the restarts need of the supervisor: to start a child again (tracked under the same chain), and to say so. */
export interface RestartHost {
  spawn(request: SpawnRequest, chain: RestartChain): Promise<ChildInfo>;
  emit(event: SupervisorEvent): void;
}

/** Signals that pause, continue or are ignored by default: sending one does not end a child's restart policy. */
const KEEPS_POLICY = new Set<string>(['SIGSTOP', 'SIGCONT', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGWINCH', 'SIGCHLD', 'SIGURG']);

/**
 * The restart policies of Forkscope's running children: each exit asks the child's chain whether to start it again,
 * and when; every step is an event. What the person signals or kills, and everything once Forkscope shuts down, is
 * never started again.
 */
export class Restarts {
  private readonly chains = new Map<ProcessKey, { chain: RestartChain; request: SpawnRequest; info: ChildInfo }>();
  private readonly timers = new Map<NodeJS.Timeout, { chain: RestartChain; info: ChildInfo }>();
  private readonly inFlight = new Set<Promise<void>>();
  private shuttingDown = false;

  constructor(private readonly host: RestartHost) {}

  /** A child just started: it runs under `chain` (a restart), or a new chain when its request asks for restarts. */
  track(info: ChildInfo, request: SpawnRequest, chain?: RestartChain): void {
    const policy = request.restart;
    if (!chain && (!policy || policy.when === 'never')) return;
    // The contract filled in the defaults already; the engine's own callers (tests) may give only `when`.
    this.chains.set(processKey(info), { chain: chain ?? new RestartChain(RestartPolicySchema.parse(policy)), request, info });
  }

  /** A tracked child ended: schedule its next run, or say why there is none. */
  exited(info: ChildInfo, exit: ExitInfo): void {
    const key = processKey(info);
    const entry = this.chains.get(key);
    if (!entry) return;
    this.chains.delete(key);
    if (this.shuttingDown) return;
    const { chain, request } = entry;
    const decision = chain.decide(exit, Date.now());
    const base = { t: Date.now(), pid: info.pid, startTime: info.startTime, name: info.name };
    if (!decision.restart) {
      if (decision.why === 'limit')
        this.host.emit({
          type: 'restart-ended',
          ...base,
          reason: 'limit',
          restarts: chain.restarts,
          message: decision.message,
          exit: { code: exit.code, signal: exit.signal },
          limit: { maxRestarts: chain.policy.maxRestarts, windowMs: chain.policy.windowMs },
        });
      return;
    }
    this.host.emit({
      type: 'restart-scheduled',
      ...base,
      attempt: decision.attempt,
      delayMs: decision.delayMs,
      reason: decision.reason,
      exit: { code: exit.code, signal: exit.signal },
    });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.restart(info, request, chain).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }, decision.delayMs);
    this.timers.set(timer, { chain, info });
  }

  /** The person signalled or killed `target`: its policy ends (as pm2 stop does), unless the signal only pauses or continues. */
  endedByPerson(target: ProcessTarget, signal: SignalName | NodeJS.Signals): void {
    const entry = this.chains.get(processKey(target));
    if (!entry || entry.chain.ended || KEEPS_POLICY.has(signal)) return;
    const message = `${signal} sent by the person ends its restart policy (as pm2 stop does): it will not be started again`;
    entry.chain.end(message);
    const { info } = entry;
    this.host.emit({
      type: 'restart-ended',
      t: Date.now(),
      pid: info.pid,
      startTime: info.startTime,
      name: info.name,
      reason: 'user',
      restarts: entry.chain.restarts,
      message,
      signal,
    });
  }

  /** Forkscope shuts down: nothing is started again; a restart already under way is awaited, so dispose sees its child. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const waiting = [...this.timers];
    this.timers.clear();
    for (const [timer] of waiting) clearTimeout(timer);
    await Promise.allSettled([...this.inFlight]);
    const message = 'Forkscope shut down, so its restart policy ends';
    for (const { chain, info } of [...this.chains.values(), ...waiting.map(([, w]) => w)]) {
      if (chain.ended) continue;
      chain.end(message);
      this.host.emit({
        type: 'restart-ended',
        t: Date.now(),
        pid: info.pid,
        startTime: info.startTime,
        name: info.name,
        reason: 'shutdown',
        restarts: chain.restarts,
        message,
      });
    }
  }

  private async restart(previous: ChildInfo, request: SpawnRequest, chain: RestartChain): Promise<void> {
    if (this.shuttingDown || chain.ended) return;
    chain.restarts++;
    try {
      const next = await this.host.spawn(request, chain);
      this.host.emit({
        type: 'restarted',
        t: Date.now(),
        pid: next.pid,
        startTime: next.startTime,
        name: next.name,
        previous: { pid: previous.pid, startTime: previous.startTime },
        restarts: chain.restarts,
      });
    } catch (error) {
      chain.restarts--;
      const message = `could not be started again, so its restart policy ends: ${(error as Error).message}`;
      chain.end(message);
      this.host.emit({
        type: 'restart-ended',
        t: Date.now(),
        pid: previous.pid,
        startTime: previous.startTime,
        name: previous.name,
        reason: 'failed',
        restarts: chain.restarts,
        message,
        error: (error as Error).message,
      });
    }
  }
}
