/**
 * Bytes as people read them, in binary units with one decimal under 10: `1.5 MiB`, or `1.5M`
 * when compact (the CLI's narrow columns). null (unreadable) shows as a dash.
 */
export function formatBytes(bytes: number | null | undefined, options: { compact?: boolean } = {}): string {
  if (bytes === null || bytes === undefined) return options.compact ? '-' : '—';
  const units = options.compact ? ['B', 'K', 'M', 'G', 'T'] : ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = value < 10 && unit > 0 ? value.toFixed(1) : String(Math.round(value));
  return options.compact ? `${number}${units[unit]}` : `${number} ${units[unit]}`;
}
