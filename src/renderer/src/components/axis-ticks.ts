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

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * An axis of bytes: nice steps in the binary unit the highest value reads in (0, 0.5, 1, 1.5 MiB rather than
 * 488 KiB, 977 KiB, 1.4 MiB), with its labels; at least 1 KiB high, so an empty series does not split single bytes.
 */
export function byteAxis(highest: number, count = 4): Axis & { labels: string[] } {
  const end = Number.isFinite(highest) && highest > 1024 ? highest : 1024;
  const power = Math.min(BYTE_UNITS.length - 1, Math.floor(Math.log(end) / Math.log(1024)));
  const unit = 1024 ** power;
  const inUnit = valueAxis(end / unit, count);
  return {
    top: inUnit.top * unit,
    step: inUnit.step * unit,
    ticks: inUnit.ticks.map((v) => v * unit),
    decimals: inUnit.decimals,
    labels: inUnit.ticks.map((v) => (v === 0 ? '0 B' : `${v.toFixed(inUnit.decimals)} ${BYTE_UNITS[power]}`)),
  };
}
