import type { ProcessInfo } from '../../../shared/model';

const COLUMNS = ['pid', 'ppid', 'name', 'state', 'cpuPercent', 'rssBytes', 'user', 'startedAt', 'zombie', 'orphan', 'cmd'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableAsCsv(processes: readonly ProcessInfo[]): string {
  return [COLUMNS.join(','), ...processes.map((p) => COLUMNS.map((c) => csvCell(p[c])).join(','))].join('\n') + '\n';
}
