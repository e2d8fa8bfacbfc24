import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsPatchSchema } from '../../shared/settings';
import { SettingsStore } from './settings-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('settings kept by the engine', () => {
  it('a patch changes only what it names: the other settings keep their values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-settings-'));
    dirs.push(dir);
    const store = new SettingsStore(join(dir, 'settings.json'));
    store.update(SettingsPatchSchema.parse({ tree: false, shownColumns: ['nice', 'io-write'], sortKey: 'nice' }));
    store.update(SettingsPatchSchema.parse({ columnWidths: { virt: 140 } }));
    expect(new SettingsStore(join(dir, 'settings.json')).read()).toMatchObject({
      tree: false,
      shownColumns: ['nice', 'io-write'],
      sortKey: 'nice',
      columnWidths: { virt: 140 },
    });
    expect(SettingsPatchSchema.parse({ tree: true })).toEqual({ tree: true });
  });
});
