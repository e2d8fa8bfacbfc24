import { spawnSync } from 'node:child_process';
import { requirePython } from '../engine/queue-lab/python';

/**
 * Whether Python tests can run. Python is optional for users, so without python3 they are
 * skipped with a printed reason; in CI (CI=true) a missing python3 is a failure instead.
 */
export function pythonOrSkip(): boolean {
  const found = spawnSync('python3', ['--version']).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error('python3 is required in CI (CI=true) but was not found on PATH');
  process.stdout.write('Python tests skipped: python3 was not found on PATH\n');
  return false;
}

/** The interpreter itself (sys.executable), as the engine starts it: no version-manager shim and its helper processes. */
export function pythonExecutable(): string {
  return requirePython();
}
