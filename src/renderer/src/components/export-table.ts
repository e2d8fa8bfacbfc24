import type { ProcessInfo } from '../../../shared/model';

const COLUMNS = ['pid', 'ppid', 'name', 'state', 'cpuPercent', 'rssBytes', 'user', 'startedAt', 'zombie', 'orphan', 'cmd'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableAsCsv(processes: readonly ProcessInfo[]): string {
  return [COLUMNS.join(','), ...processes.map((p) => COLUMNS.map((c) => csvCell(p[c])).join(','))].join('\n') + '\n';
}

/** Saves the text through the browser's download, which Electron turns into a save dialog. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
