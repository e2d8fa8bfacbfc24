/** A value axis from 0: where it ends, its ticks, and the decimals that tell the ticks apart. */
export interface Axis {
  top: number;
  step: number;
  ticks: number[];
  /** Digits after the point that every tick needs to read differently from its neighbours (0.2 → 1, 0.05 → 2). */
  decimals: number;
}

/**
 * Ticks at 1, 2 or 5 times a power of ten, about `count` of them, from 0 to the first tick at or above `highest`:
 * a process at 1.7 % CPU gets 0, 0.5, 1, 1.5, 2 rather than four labels rounded to "2%, 2%, 1%, 1%".
 * With nothing above 0 the axis runs to 1, so an idle process still has an axis that reads.
 */
export function valueAxis(highest: number, count = 4): Axis {
  const end = Number.isFinite(highest) && highest > 0 ? highest : 1;
  const raw = end / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The nice step nearest the raw one (Heckbert's rule), so the count stays near `count` on either side.
  const ratio = raw / power;
  const mantissa = ratio < 1.5 ? 1 : ratio < 3 ? 2 : ratio < 7 ? 5 : 10;
  const step = mantissa * power;
  const steps = Math.max(1, Math.ceil(end / step - 1e-9));
  // Rounded to the step's own precision, so 3 × 0.1 is 0.3 and not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
  return { top: ticks[steps]!, step, ticks, decimals };
}
