import type { TFunction } from 'i18next';
import { fieldAvailable, PER_ROW_COLUMNS, type DemandColumn, type TableField } from '../../../shared/demand';
import type { Platform, ProcessInfo } from '../../../shared/model';
import type { SortKey } from '../../../shared/settings';
import { formatBytes } from '../components/format';

/** One column of the process table: how wide it starts, whether it can be hidden, and what the engine must read for it. */
export interface ColumnDef {
  key: SortKey;
  /** i18n key of the header; `${label}Long` (when there is one) names it in the chooser and the header's tooltip. */
  label: string;
  className: string;
  /** Starting width in px, or a CSS track for the columns that share what is left (name, command). */
  width: number | string;
  optional: boolean;
  /** htop's extra columns start hidden; the chooser turns them on. */
  defaultVisible: boolean;
  /** What the sampler must read while this column is shown (see shared/demand.ts). */
  demand?: DemandColumn;
  /** Which platform field it shows, for "not available on this platform". */
  field?: TableField;
  /** The text of an extra column's cell (the base columns draw their own). */
  text?: (p: ProcessInfo, t: TFunction) => string;
  /** Sorted largest first on the first click (sizes, rates, times), as htop does. */
  descendingFirst?: boolean;
}

const number = (value: number | null | undefined): string => (value === undefined ? '' : value === null ? '—' : String(value));
const bytes = (value: number | null | undefined): string => (value === undefined ? '' : formatBytes(value));
const rate = (p: ProcessInfo, value: number | null | undefined, t: TFunction): string => {
  if (p.ioReadable === false) return t('columns.notReadable');
  if (value === undefined) return '';
  return value === null ? '…' : `${formatBytes(value)}/s`;
};

/** htop's TIME+: minutes, seconds and hundredths under an hour ("3:07.45"), hours and minutes after ("2h14:09"). */
export function formatCpuTime(ms: number | null | undefined): string {
  if (ms === undefined) return '';
  if (ms === null) return '—';
  const hundredths = Math.floor(ms / 10);
  const seconds = Math.floor(hundredths / 100);
  const minutes = Math.floor(seconds / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (minutes >= 60) return `${Math.floor(minutes / 60)}h${pad(minutes % 60)}:${pad(seconds % 60)}`;
  return `${minutes}:${pad(seconds % 60)}.${pad(hundredths % 100)}`;
}

export const COLUMNS: readonly ColumnDef[] = [
  { key: 'pid', label: 'table.pid', className: 'c-pid num', width: 64, optional: false, defaultVisible: true },
  { key: 'name', label: 'table.name', className: 'c-name', width: 'minmax(280px, 1.6fr)', optional: false, defaultVisible: true },
  { key: 'state', label: 'table.state', className: 'c-state', width: 84, optional: true, defaultVisible: true },
  { key: 'cpu', label: 'table.cpu', className: 'c-cpu num', width: 60, optional: true, defaultVisible: true, descendingFirst: true },
  { key: 'memory', label: 'table.memory', className: 'c-mem num', width: 80, optional: true, defaultVisible: true, descendingFirst: true },
  ...extra('ppid', 64, { field: 'ppid', text: (p) => String(p.ppid) }),
  ...extra('pgid', 64, { field: 'pgid', text: (p) => number(p.pgid) }),
  ...extra('sid', 64, { field: 'sid', text: (p) => number(p.sid) }),
  ...extra('state-letter', 36, { field: 'state-letter', demand: 'state-letter', text: (p) => p.stateLetter ?? '', numeric: false }),
  ...extra('priority', 48, { field: 'priority', demand: 'priority', text: (p) => number(p.priority) }),
  ...extra('nice', 44, { field: 'nice', demand: 'nice', text: (p) => number(p.nice) }),
  ...extra('virt', 80, { field: 'virt', demand: 'virt', text: (p) => bytes(p.virtBytes), descendingFirst: true }),
  ...extra('shr', 80, { field: 'shr', demand: 'shr', text: (p) => bytes(p.shrBytes), descendingFirst: true }),
  ...extra('threads', 48, { field: 'threads', text: (p) => number(p.threads), descendingFirst: true }),
  ...extra('time', 76, { field: 'cpu-time', demand: 'cpu-time', text: (p) => formatCpuTime(p.cpuTimeMs), descendingFirst: true }),
  ...extra('io-read', 88, { field: 'io', demand: 'io', text: (p, t) => rate(p, p.ioReadBps, t), descendingFirst: true }),
  ...extra('io-write', 88, { field: 'io', demand: 'io', text: (p, t) => rate(p, p.ioWriteBps, t), descendingFirst: true }),
  { key: 'user', label: 'table.user', className: 'c-user', width: 72, optional: true, defaultVisible: true },
  { key: 'started', label: 'table.started', className: 'c-started', width: 72, optional: true, defaultVisible: true },
  { key: 'command', label: 'table.command', className: 'c-cmd', width: 'minmax(140px, 1.6fr)', optional: true, defaultVisible: true },
];

function extra(
  key: SortKey,
  width: number,
  options: Pick<ColumnDef, 'field' | 'demand' | 'text' | 'descendingFirst'> & { numeric?: boolean },
): ColumnDef[] {
  const { numeric = true, ...rest } = options;
  return [{ key, label: `columns.${key}`, className: `c-extra${numeric ? ' num' : ''}`, width, optional: true, defaultVisible: false, ...rest }];
}

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

/** The columns shown, in table order: default ones unless hidden, htop's when turned on. */
export function visibleColumns(hidden: ReadonlySet<string>, shown: ReadonlySet<string>): ColumnDef[] {
  return COLUMNS.filter((c) => !c.optional || (c.defaultVisible ? !hidden.has(c.key) : shown.has(c.key)));
}

/** An extra column's cell: its text, or "n/a" where the platform has no such field. */
export function extraCell(column: ColumnDef, p: ProcessInfo, platform: Platform | null, t: TFunction): { text: string; title?: string } {
  if (platform && column.field && !fieldAvailable(platform, column.field)) return { text: t('columns.na'), title: t('columns.notOnPlatform') };
  const text = column.text?.(p, t) ?? '';
  return p.ioReadable === false && column.demand === 'io' ? { text, title: t('columns.notReadableWhy') } : { text };
}

/** What the sampler must read for these columns; per-row ones for every row while the table is sorted by one. */
export function columnDemand(columns: readonly ColumnDef[], sortKey: SortKey): { columns: DemandColumn[]; allRows: boolean } {
  const demand = new Set<DemandColumn>();
  for (const c of columns) if (c.demand) demand.add(c.demand);
  const sortDemand = COLUMN_BY_KEY.get(sortKey)?.demand;
  if (sortDemand) demand.add(sortDemand);
  return { columns: [...demand].sort(), allRows: sortDemand !== undefined && PER_ROW_COLUMNS.has(sortDemand) };
}
