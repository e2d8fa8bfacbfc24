import { z } from 'zod';

/**
 * What one Forkscope may have running at once. Set in the settings file (key `limits`) or by `serve` flags, which win;
 * never by a client (`settings:set` refuses the key), since the limits are there to bound what clients can ask for.
 */
export const RunLimitsSchema = z
  .object({
    /** Processes Forkscope started that are still running, whole subtrees counted. */
    maxProcesses: z.number().int().min(1).max(1_000_000).default(1024),
    /** Queue Lab experiments running at once. */
    maxExperiments: z.number().int().min(1).max(1000).default(4),
    /** Memory asked of running workloads (memory-hog's megabytes × count), in MB. */
    maxWorkloadMemoryMb: z.number().int().min(1).max(16_777_216).default(4096),
  })
  .strict();
export type RunLimits = z.infer<typeof RunLimitsSchema>;

/** Columns the table sorts by: the base ones, then htop's (shown through the column chooser). */
export const SORT_KEYS = [
  'pid',
  'name',
  'state',
  'cpu',
  'memory',
  'user',
  'started',
  'command',
  'ppid',
  'pgid',
  'sid',
  'time',
  'nice',
  'priority',
  'virt',
  'shr',
  'threads',
  'state-letter',
  'io-read',
  'io-write',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const ColumnKeySchema = z.enum(SORT_KEYS);

/** Each setting a client may change, without its default: a patch names only what it changes. */
const settingFields = {
  language: z.enum(['en', 'zh-CN']).nullable(),
  tree: z.boolean(),
  sortKey: ColumnKeySchema,
  sortDescending: z.boolean(),
  detailsWidth: z.number().int().min(240).max(1200),
  /** Columns shown by default that the person hid. */
  hiddenColumns: z.array(z.string().max(32)).max(32),
  /** htop's columns, hidden by default, that the person turned on. */
  shownColumns: z.array(ColumnKeySchema).max(SORT_KEYS.length),
  /** Widths the person dragged columns to, in CSS pixels. */
  columnWidths: z.partialRecord(ColumnKeySchema, z.number().int().min(24).max(2000)),
};

/** What the UI remembers between runs; kept by the engine, since a browser's storage changes with the host's port. */
export const SettingsSchema = z.object({
  language: settingFields.language.default(null),
  tree: settingFields.tree.default(true),
  sortKey: settingFields.sortKey.default('pid'),
  sortDescending: settingFields.sortDescending.default(false),
  detailsWidth: settingFields.detailsWidth.default(420),
  hiddenColumns: settingFields.hiddenColumns.default([]),
  shownColumns: settingFields.shownColumns.default([]),
  columnWidths: settingFields.columnWidths.default({}),
  limits: RunLimitsSchema.prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;
/**
 * A change to some settings. Built from the fields without their defaults: a partial of SettingsSchema would fill
 * every field not named with its default (zod 4 applies defaults inside optional), so changing one reset the others.
 */
export const SettingsPatchSchema = z.object(settingFields).partial().strict();
