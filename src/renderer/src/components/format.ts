export { formatBytes } from '../../../shared/format-bytes';

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}

/** A duration as "3 s", "4 min 5 s", "2 h 3 min", "5 d 2 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const LOADED_AT = Date.now();
// What toLocaleTimeString(undefined, { hour12: false }) and toLocaleDateString() give, made once: each of those calls
// builds a formatter of its own, which cost a millisecond a row.
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false });
const dateFormat = new Intl.DateTimeFormat(undefined);

/** A start time: the clock for today (the day the UI opened), the date before that. */
export function formatClock(epochMs: number, now: number = LOADED_AT): string {
  const d = new Date(epochMs);
  return d.toDateString() === new Date(now).toDateString() ? clockFormat.format(d) : dateFormat.format(d);
}
