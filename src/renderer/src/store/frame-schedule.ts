import type { NotifySchedule } from './live-store';

/**
 * Kernel events come in many small batches a second. The views hear of them together: at the next animation frame,
 * at most once per `minGapMs` (a tick's values still show at once). A batch of nothing but the machine's lifecycle
 * churn (processes of other programs starting and ending between ticks) waits up to `churnGapMs` since the last
 * redraw, so at a 1 s interval it is drawn with the next tick instead of costing a redraw of its own. A hidden page
 * gets no animation frames, so it draws nothing until it is shown again.
 */
export function frameSchedule(minGapMs: number, churnGapMs = minGapMs): NotifySchedule {
  let last = -Infinity;
  /** When the pending redraw is due (Infinity: none is pending). */
  let due = Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let framed = false;
  let pending: (() => void) | null = null;
  const onFrame = (): void => {
    framed = false;
    due = Infinity;
    last = performance.now();
    const notify = pending;
    pending = null;
    notify?.();
  };
  const requestFrame = (): void => {
    timer = null;
    if (framed) return;
    framed = true;
    requestAnimationFrame(onFrame);
  };
  return (notify, churnOnly) => {
    pending = notify;
    const at = last + (churnOnly ? churnGapMs : minGapMs);
    // A frame already asked for, or a redraw due no later, carries this batch too.
    if (framed || at >= due) return;
    due = at;
    if (timer !== null) clearTimeout(timer);
    const wait = at - performance.now();
    if (wait <= 0) requestFrame();
    else timer = setTimeout(requestFrame, wait);
  };
}
