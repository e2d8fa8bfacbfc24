#!/usr/bin/env node
// `npm test`: every phase in one command and one exit code, ending with the line CI reads:
// "N passed, N failed, N skipped", summed from each runner's JSON report.
// First of all (imports run in order): a Node too old stops here with one line saying what to install.
import './node-version.js';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { countPlaywright, countVitest, countWindows } from './test-report.js';
import { findTaggedProcesses, killTagged } from './leak-check.js';
import { subreaperPrefix } from './subreaper-prefix.js';

const root = join(import.meta.dirname, '..');
const reports = join(root, '.forkscope-test');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

// Every process a test or the engine under test starts inherits this tag; the leak check looks for it.
const runTag = randomBytes(8).toString('hex');
const env = { ...process.env, FORKSCOPE_TEST_RUN: runTag, FORKSCOPE_CONFIG_DIR: join(reports, 'config') };
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const failures = [];

function phase(name, fn) {
  const started = Date.now();
  process.stdout.write(`\n── ${name} ──\n`);
  try {
    fn();
  } catch (error) {
    totals.failed++;
    failures.push(`${name}: ${error.message}`);
    process.stdout.write(`${name} failed: ${error.message}\n`);
  }
  timings.push([name, Date.now() - started]);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
}

/** A tool's own JS entry run on this Node: no `npx`, which is `npx.cmd` on Windows and cannot be spawned bare. */
const tool = (entry, ...args) => [process.execPath, [join(root, 'node_modules', ...entry.split('/')), ...args]];

const reaper = subreaperPrefix();
if (reaper.problem) {
  process.stdout.write(`${reaper.problem}\n`);
  if (process.env.CI === 'true') {
    totals.failed++;
    failures.push(`subreaper: ${reaper.problem}`);
  }
}

phase('build', () => {
  const result = run(...tool('electron-vite/bin/electron-vite.js', 'build'));
  if (result.status !== 0) throw new Error(`electron-vite build exited ${result.status}`);
  totals.passed++;
});

phase('format (prettier --check)', () => {
  const result = run(...tool('prettier/bin/prettier.cjs', '--check', '.'));
  if (result.status !== 0) throw new Error(`prettier found unformatted files (run npm run format)`);
  totals.passed++;
});

phase('typecheck', () => {
  const result = run(...tool('typescript/bin/tsc', '-b'));
  if (result.status !== 0) throw new Error(`tsc exited ${result.status}`);
  totals.passed++;
});

phase('unit and integration (vitest)', () => {
  const output = join(reports, 'vitest.json');
  const result = run(...reaper.wrap(...tool('vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${output}`)));
  add(countVitest(output), 'vitest', result.status);
});

phase('end to end (playwright)', () => {
  const output = join(reports, 'playwright.json');
  const result = run(...reaper.wrap(...tool('@playwright/test/cli.js', 'test', '--reporter=list,json')), {
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: output },
  });
  add(countPlaywright(output), 'playwright', result.status);
});

phase(process.platform === 'linux' ? 'windows (under Wine)' : 'windows', () => {
  const output = join(reports, 'windows.json');
  const result = run(...reaper.wrap(process.execPath, [join(root, 'scripts', 'windows-phase.js'), output]));
  add(countWindows(output), 'windows phase', result.status);
});

phase('leak check', () => {
  const leaked = findTaggedProcesses(runTag);
  if (leaked.length === 0) {
    process.stdout.write('no process started by the tests is still running\n');
    totals.passed++;
    return;
  }
  killTagged(leaked);
  throw new Error(`${leaked.length} process(es) left running by the tests:\n${leaked.map((p) => `  ${p.pid} ${p.cmd}`).join('\n')}`);
});

function add(counts, runner, exitCode) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (counts.problem) failures.push(counts.problem);
  // A runner can fail outside any test (an unhandled error, a broken config): count that too.
  if (exitCode !== 0 && counts.failed === 0) {
    totals.failed++;
    failures.push(`${runner} exited ${exitCode} with errors outside its tests`);
  }
}

process.stdout.write('\n── summary ──\n');
for (const [name, ms] of timings) process.stdout.write(`${name.padEnd(32)} ${(ms / 1000).toFixed(1)} s\n`);
for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 ? 1 : 0);
