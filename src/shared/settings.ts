import { z } from 'zod';

/** What the UI remembers between runs; kept by the engine, since a browser's storage changes with the host's port. */
export const SettingsSchema = z.object({
  language: z.enum(['en', 'zh-CN']).nullable().default(null),
  tree: z.boolean().default(true),
  sortKey: z.enum(['pid', 'name', 'state', 'cpu', 'memory', 'user', 'started', 'command']).default('pid'),
  sortDescending: z.boolean().default(false),
  detailsWidth: z.number().int().min(240).max(1200).default(420),
  hiddenColumns: z.array(z.string().max(32)).max(16).default([]),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial().strict();
