import { DEMAND_TTL_MS, MAX_DEMAND_VIEWERS, NO_DEMAND, unionDemand, type ReadDemand, type SamplerDemand } from '../../shared/demand';
import { ForkscopeError } from '../../shared/result';

/**
 * Which columns and rows each viewer (window) shows, so the sampler reads their union and nothing a hidden column
 * needs. A viewer renews its demand while it lives; one not heard from for DEMAND_TTL_MS is dropped. A recording
 * keeps what was read: the columns some viewer showed while it ran.
 */
export class DemandBoard {
  private readonly demands = new Map<string, { demand: SamplerDemand; expiresAt: number }>();
  private current: ReadDemand = NO_DEMAND;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly onChange: (demand: ReadDemand) => void;
  private readonly now: () => number;

  constructor(onChange: (demand: ReadDemand) => void, now: () => number = Date.now) {
    this.onChange = onChange;
    this.now = now;
  }

  set(demand: SamplerDemand): { viewers: number; expiresInMs: number } {
    this.expire();
    if (!this.demands.has(demand.viewer) && this.demands.size >= MAX_DEMAND_VIEWERS) {
      throw new ForkscopeError(
        'refused',
        `${MAX_DEMAND_VIEWERS} viewers already say what they show (MAX_DEMAND_VIEWERS); close a window or wait ${DEMAND_TTL_MS / 1000} s for a closed one to lapse`,
        { reason: 'limit', limit: 'MAX_DEMAND_VIEWERS', value: MAX_DEMAND_VIEWERS },
      );
    }
    this.demands.set(demand.viewer, { demand, expiresAt: this.now() + DEMAND_TTL_MS });
    this.publish();
    this.timer ??= setInterval(() => this.expire(), DEMAND_TTL_MS / 3);
    this.timer.unref?.();
    return { viewers: this.demands.size, expiresInMs: DEMAND_TTL_MS };
  }

  /** The union now (for a sampler started after the demands came). */
  union(): ReadDemand {
    return this.current;
  }

  expire(): void {
    const now = this.now();
    let dropped = false;
    for (const [viewer, entry] of this.demands) {
      if (entry.expiresAt <= now) {
        this.demands.delete(viewer);
        dropped = true;
      }
    }
    if (dropped) this.publish();
    if (this.demands.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.demands.clear();
  }

  private publish(): void {
    const next = unionDemand([...this.demands.values()].map((entry) => entry.demand));
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.onChange(next);
  }
}
