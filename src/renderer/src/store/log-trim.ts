import { CHURN_EVENT_TYPES as CHURN } from '../../../shared/event-types';
import type { EngineEvent } from '../../../shared/events';

/**
 * Trims `log` in place back to `limit`: the oldest lifecycle lines of the machine's processes (CHURN) go first, so a
 * busy machine cannot push out what Forkscope did or found (spawns, signals, restarts, zombies, orphans); those go,
 * oldest first, only when no churn is left. Kept ones gather at the front, so the usual trim is one splice after them.
 * Returns the time of the newest churn line dropped, or null when none was.
 */
export function trimLog(log: EngineEvent[], limit: number): number | null {
  let excess = log.length - limit;
  if (excess <= 0) return null;
  let front = 0;
  while (front < log.length && !CHURN.has(log[front]!.type)) front++;
  let run = front;
  while (run < front + excess && run < log.length && CHURN.has(log[run]!.type)) run++;
  if (run === front + excess) {
    const until = log[run - 1]!.t;
    log.splice(front, excess);
    return until;
  }
  let until: number | null = null;
  const kept: EngineEvent[] = [];
  for (const event of log) {
    if (excess > 0 && CHURN.has(event.type)) {
      excess--;
      until = event.t;
    } else kept.push(event);
  }
  log.length = 0;
  for (let i = excess; i < kept.length; i++) log.push(kept[i]!);
  return until;
}
