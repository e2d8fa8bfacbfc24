import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { SettingsSchema, type Settings } from '../../shared/settings';

/** Where settings live: FORKSCOPE_CONFIG_DIR, else the platform's per-user config folder by its usual variables. */
export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.FORKSCOPE_CONFIG_DIR ?? (env.APPDATA ? join(env.APPDATA, 'Forkscope') : join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'forkscope'));
  return join(base, 'settings.json');
}

export class SettingsStore {
  constructor(private readonly file = settingsFile()) {}

  /** A missing or unreadable file gives the defaults; a damaged one is not thrown at the person. */
  read(): Settings {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // no file yet
    }
    return SettingsSchema.parse({});
  }

  update(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.read(), ...patch });
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(next, null, 2));
    renameSync(temp, this.file);
    return next;
  }
}
