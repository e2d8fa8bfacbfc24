// Reads each runner's machine-readable report; a runner that wrote none crashed, and counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

function readJson(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function countVitest(file) {
  const report = readJson(file);
  if (!report || typeof report.numTotalTests !== 'number') {
    return { passed: 0, failed: 1, skipped: 0, problem: `vitest wrote no report at ${file}: it crashed` };
  }
  // A test file that failed to load has no tests in it but still failed.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

export function countPlaywright(file) {
  const report = readJson(file);
  if (!report || !report.stats) {
    return { passed: 0, failed: 1, skipped: 0, problem: `playwright wrote no report at ${file}: it crashed` };
  }
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats;
  const loadErrors = (report.errors ?? []).length;
  return { passed: expected + flaky, failed: unexpected + loadErrors, skipped };
}

/** The Windows phase's own report (scripts/windows-phase.js): one count per check. */
export function countWindows(file) {
  const report = readJson(file);
  if (!report || typeof report.passed !== 'number') {
    return { passed: 0, failed: 1, skipped: 0, problem: `the Windows phase wrote no report at ${file}: it crashed` };
  }
  return { passed: report.passed, failed: report.failed, skipped: report.skipped, problem: report.problems.join('\n') || undefined };
}
