import { z } from 'zod';
import { processKey, type Platform, type ProcessKey } from './model';

/**
 * Fields of the table that cost something per tick, so the sampler fills them only while a viewer shows them.
 * `cheap` ones come from a read the sampler makes anyway (Linux /proc/PID/stat) and cost only their bytes in events:
 * filled for every row while their column is shown. `per-row` ones need a file per process (/proc/PID/statm, io):
 * read only for the rows a viewer has in view, or for every row while the table is sorted by them.
 */
export const DEMAND_COLUMNS = ['cpu-time', 'nice', 'priority', 'virt', 'state-letter', 'shr', 'io'] as const;
export type DemandColumn = (typeof DEMAND_COLUMNS)[number];
export const PER_ROW_COLUMNS: ReadonlySet<DemandColumn> = new Set<DemandColumn>(['shr', 'io']);

/** Rows one viewer may name; a viewer showing more (a very tall window) sorts or asks for 'all'. */
export const MAX_DEMAND_ROWS = 512;
/** Viewers whose demands are kept at once (each browser window or Electron window is one). */
export const MAX_DEMAND_VIEWERS = 32;
/** A demand not renewed within this long is dropped, so a closed window stops costing reads. */
export const DEMAND_TTL_MS = 15_000;

export const SamplerDemandSchema = z
  .object({
    /** A name the viewer chose for itself (random per window); a later demand of the same viewer replaces its earlier one. */
    viewer: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'viewer must be 1–64 letters, digits, "_" or "-"'),
    columns: z.array(z.enum(DEMAND_COLUMNS)).max(DEMAND_COLUMNS.length),
    /** The rows in view, by identity; 'all' while sorted by a per-row column. */
    rows: z.union([
      z.literal('all'),
      z
        .array(z.object({ pid: z.number().int().min(0), startTime: z.number() }).strict())
        .max(MAX_DEMAND_ROWS, `at most ${MAX_DEMAND_ROWS} rows (MAX_DEMAND_ROWS); ask for 'all' instead`),
    ]),
  })
  .strict();
export type SamplerDemand = z.infer<typeof SamplerDemandSchema>;

/** What the sampler reads this tick: the union of every viewer's demand. Structured-clonable (sent to the worker). */
export interface ReadDemand {
  columns: DemandColumn[];
  /** Keys of rows to read per-row columns for, or 'all'. */
  rows: 'all' | ProcessKey[];
}

export const NO_DEMAND: ReadDemand = { columns: [], rows: [] };

/** The union of several viewers' demands. */
export function unionDemand(demands: Iterable<SamplerDemand>): ReadDemand {
  const columns = new Set<DemandColumn>();
  const rows = new Set<ProcessKey>();
  let all = false;
  for (const demand of demands) {
    for (const column of demand.columns) columns.add(column);
    if (demand.rows === 'all') all = true;
    else for (const row of demand.rows) rows.add(processKey(row));
  }
  return { columns: [...columns].sort(), rows: all ? 'all' : [...rows].sort() };
}

/**
 * What each platform's native reader can fill; the rest is "not available on this platform". Linux reads it all from
 * /proc; macOS from sysctl and proc_pidinfo; Windows from NtQuerySystemInformation (no nice, groups or states there).
 */
export const TABLE_FIELDS = ['ppid', 'pgid', 'sid', 'cpu-time', 'nice', 'priority', 'virt', 'res', 'shr', 'threads', 'state-letter', 'io'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];
const UNAVAILABLE: Record<Platform, ReadonlySet<TableField>> = {
  linux: new Set(),
  darwin: new Set<TableField>(['sid', 'shr', 'io']),
  win32: new Set<TableField>(['pgid', 'sid', 'nice', 'shr', 'state-letter']),
};

export function fieldAvailable(platform: Platform, field: TableField): boolean {
  return !UNAVAILABLE[platform].has(field);
}
