import { spawnSync } from 'node:child_process';
import type { TestInfo } from '@playwright/test';

/**
 * Python is optional for users: without python3 a spec that needs it is skipped, and the report
 * prints `why`. In CI (CI=true) a missing python3 is a failure instead.
 */
export function needsPython(testInfo: TestInfo, why: string): void {
  const found = spawnSync('python3', ['--version']).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('python3 is required in CI (CI=true) but was not found on PATH');
  testInfo.skip(!found, `python3 was not found on PATH; ${why}`);
}

/** The interpreter itself (sys.executable): `python3` may be a version-manager shim that runs helper processes first. */
export function pythonExecutable(): string {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() ? probe.stdout.trim() : 'python3';
}
