import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the Electron binary is, or why there is none. Requiring `electron` would start a
 * download when the binary is missing, so this reads the package's path.txt instead.
 */
export function findElectronBinary(fromDir: string): { path: string } | { missing: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(fromDir, 'noop.js')).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { missing: `the Electron binary has not been downloaded (no ${pathFile}); run 'npx install-electron' to fetch it` };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is missing at ${binary}; run 'npx install-electron' to fetch it` };
}
