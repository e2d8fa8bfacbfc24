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
