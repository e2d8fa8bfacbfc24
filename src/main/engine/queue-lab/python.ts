import { isAbsolute } from 'node:path';
import { ForkscopeError } from '../../../shared/result';
import { spawnSyncOwn } from '../supervisor/own-spawns';

let found: { path: string; version: string } | null | undefined;

/**
 * The Python interpreter itself (3.8 or newer), resolved once: `python3` on PATH may be a
 * version-manager shim (pyenv's runs ~40 helper processes before it execs the interpreter), so
 * lessons, experiments and the probe start `sys.executable` directly and count no helper.
 * Python is optional on a user's machine: without it, a clear error.
 */
export function requirePython(): string {
  if (found === undefined) {
    const probe = spawnSyncOwn('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'], { encoding: 'utf8' });
    const [version = '', path = ''] = String(probe.stdout ?? '')
      .trim()
      .split('\n');
    const [major, minor] = version.split('.').map(Number);
    found = probe.status === 0 && major === 3 && (minor ?? 0) >= 8 && isAbsolute(path.trim()) ? { path: path.trim(), version } : null;
  }
  if (!found)
    throw new ForkscopeError(
      'unsupported',
      'the python engine needs python3 3.8 or newer on PATH, and none was found; use the node engine, or install Python',
    );
  return found.path;
}
