// `npm start`: Electron 45 does not download its binary at install time, so fetch it once here
// (what `npx install-electron` does) before opening the desktop app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(packageDir, 'path.txt');
const installed =
  existsSync(pathFile) &&
  existsSync(join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim()));
if (!installed) {
  process.stdout.write('Fetching the Electron binary (once)…\n');
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(
      'Could not fetch the Electron binary, so the desktop app cannot open here.\n' +
        "Run 'npx forkscope serve' to use Forkscope in a browser instead.\n",
    );
    process.exit(1);
  }
}
