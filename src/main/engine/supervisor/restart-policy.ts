import type { ExitInfo, RestartPolicy } from '../../../shared/supervision';

export type RestartDecision =
  | { restart: true; attempt: number; delayMs: number; reason: string }
  /** `limit` is said as an event; `policy` (it never restarts, or it succeeded under on-failure) is not. */
  | { restart: false; why: 'policy' | 'limit' | 'ended'; message: string };

/** How an exit reads in a restart's reason: "exited with code 2", "killed by SIGKILL". */
export function describeExit(exit: Pick<ExitInfo, 'code' | 'signal'>): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * The state of one child's restart policy across its runs (pure: the caller gives the clock). Back-off doubles with
 * each restart inside the window (backoffMs, 2×, 4× …, at most maxBackoffMs), so a child that ran well for a whole
 * window starts again from backoffMs; a child restarted maxRestarts times within windowMs is not restarted again.
 */
export class RestartChain {
  /** Restarts so far, over the whole chain. */
  restarts = 0;
  /** When each restart inside the window was decided. */
  private recent: number[] = [];
  /** Why the policy ended (the person stopped it, Forkscope shut down), or null while it holds. */
  private endedBy: string | null = null;

  constructor(readonly policy: RestartPolicy) {}

  get ended(): boolean {
    return this.endedBy !== null;
  }

  /** The policy holds no more, whatever the next exit is. */
  end(why: string): void {
    this.endedBy ??= why;
  }

  decide(exit: Pick<ExitInfo, 'code' | 'signal'>, now: number): RestartDecision {
    const { policy } = this;
    if (this.endedBy !== null) return { restart: false, why: 'ended', message: this.endedBy };
    const failed = exit.signal !== null || exit.code !== 0;
    if (policy.when === 'never' || (policy.when === 'on-failure' && !failed))
      return { restart: false, why: 'policy', message: `${describeExit(exit)}; its restart policy is ${policy.when}` };
    this.recent = this.recent.filter((t) => now - t < policy.windowMs);
    if (this.recent.length >= policy.maxRestarts) {
      return {
        restart: false,
        why: 'limit',
        message:
          `${describeExit(exit)} and was restarted ${this.recent.length} times within ${policy.windowMs / 1000} s, ` +
          `the limit (restart.maxRestarts ${policy.maxRestarts} per restart.windowMs ${policy.windowMs}); not restarted again`,
      };
    }
    const delayMs = Math.min(policy.backoffMs * 2 ** this.recent.length, policy.maxBackoffMs);
    this.recent.push(now);
    return { restart: true, attempt: this.restarts + 1, delayMs, reason: describeExit(exit) };
  }
}
