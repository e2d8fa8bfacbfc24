/**
 * Kernel events come in many small batches a second. The views hear of them together: at the next animation frame,
 * and at most once per `minGapMs` (a tick's values still show at once). A hidden page gets no animation frames, so
 * it draws nothing until it is shown again.
 */
export function frameSchedule(minGapMs: number): (notify: () => void) => void {
  let last = -Infinity;
  return (notify) => {
    const wait = Math.max(0, last + minGapMs - performance.now());
    const onFrame = (): void => {
      last = performance.now();
      notify();
    };
    if (wait === 0) requestAnimationFrame(onFrame);
    else setTimeout(() => requestAnimationFrame(onFrame), wait);
  };
}
