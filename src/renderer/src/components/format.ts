import i18next from 'i18next';

export { formatBytes } from '../../../shared/format-bytes';

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}

/** A duration in the UI's language: "3 s", "4 min 5 s", "2 h 3 min", "5 d 2 h" (37 分 4 秒 in Chinese). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (s < 60) return unit('units.s', `${s} s`, { s });
  if (m < 60) return unit('units.minS', `${m} min ${s % 60} s`, { m, s: s % 60 });
  if (h < 24) return unit('units.hMin', `${h} h ${m % 60} min`, { h, m: m % 60 });
  return unit('units.dH', `${Math.floor(h / 24)} d ${h % 24} h`, { d: Math.floor(h / 24), h: h % 24 });
}

/** The unit's text in the UI's language; English before the UI text is loaded (tests of pure helpers). */
function unit(key: string, english: string, values: Record<string, number>): string {
  return i18next.isInitialized ? i18next.t(key, values) : english;
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
