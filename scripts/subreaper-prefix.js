// How to run a test runner under a child subreaper: pid 1 here never reaps adopted orphans.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function subreaperPrefix() {
  const none = (problem) => ({ problem, wrap: (command, args) => [command, args] });
  if (process.platform !== 'linux') return none(null);
  // The interpreter itself: python3 may be a version-manager shim that runs helper processes before it execs.
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (python.status === 0) {
    const script = join(import.meta.dirname, 'subreaper.py');
    const executable = python.stdout.trim() || 'python3';
    return { problem: null, wrap: (command, args) => [executable, [script, '--', command, ...args]] };
  }
  const tini = spawnSync('tini', ['--version'], { encoding: 'utf8' });
  if (tini.status === 0) return { problem: null, wrap: (command, args) => ['tini', ['-s', '-g', '--', command, ...args]] };
  return none('python3 (or tini) not found: tests run without a subreaper, so orphans they make may stay zombies, and the Python tests are skipped');
}
