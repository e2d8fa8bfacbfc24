import { spawnSync } from 'node:child_process';
import { ForkscopeError } from '../../../shared/result';

let found: string | null | undefined;

/** python3 (3.8 or newer) on PATH, or a clear error: Python is optional on a user's machine. */
export function requirePython(): string {
  if (found === undefined) {
    const probe = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const [major, minor] = (probe.stdout ?? '').trim().split('.').map(Number);
    found = probe.status === 0 && major === 3 && (minor ?? 0) >= 8 ? 'python3' : null;
  }
  if (!found)
    throw new ForkscopeError(
      'unsupported',
      'the python engine needs python3 3.8 or newer on PATH, and none was found; use the node engine, or install Python',
    );
  return found;
}
