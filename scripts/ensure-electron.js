// Electron 45 does not download its binary at install time, so `npm start` fetches it once here
// (what `npx install-electron` does) before opening the desktop app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function installedBinary(packageDir) {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The Electron binary, fetched if need be, or why there is none (the fetch's own first line of error). */
export function ensureElectron() {
  const packageDir = dirname(require.resolve('electron/package.json'));
  if (installedBinary(packageDir)) return { ok: true };
  process.stdout.write('Fetching the Electron binary (once)…\n');
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (result.status === 0 && installedBinary(packageDir)) return { ok: true };
  const reason = (result.stderr ?? '').split('\n').find((line) => line.trim()) ?? `install.js exited ${result.status}`;
  return { ok: false, reason: reason.trim() };
}
