import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawnCommandLine } from './spawn-dialog';

const output = (app: Page) => app.getByTestId('output');
const lines = (app: Page, stream: string) => output(app).locator(`.out-line[data-stream="${stream}"]`);

/** Ends a process the test started, however the test went (a detached one outlives Forkscope). */
function end(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

test.beforeEach(async ({ app }) => {
  // Each test spawns from the dialog more than once or records and replays: more steps than the default minute allows on a busy machine.
  test.slow();
  await expect(app.locator('.connection.up')).toBeVisible();
});

test('Details shows stdout and stderr apart, as they come, and says when the bound dropped old lines', async ({ app }, testInfo) => {
  const pid = await spawnCommandLine(app, `sh -c 'echo first on stdout; echo first on stderr >&2; sleep 1.5; echo later on stdout; exec sleep 300'`);
  try {
    await expect(lines(app, 'stdout').first()).toHaveText('outfirst on stdout');
    await expect(lines(app, 'stderr')).toHaveText(['errfirst on stderr']);
    // Written after the section opened: it arrives without touching anything.
    await expect(lines(app, 'stdout')).toHaveText(['outfirst on stdout', 'outlater on stdout']);
    await expect(output(app).locator('input[name="followOutput"]')).toBeChecked();
    await expect(output(app).locator('.output-dropped')).toHaveCount(0);
    await output(app).locator('select[name="outputStream"]').selectOption('stderr');
    await expect(output(app).locator('.out-line')).toHaveText(['errfirst on stderr']);
    await output(app).locator('select[name="outputStream"]').selectOption('all');
    await output(app).scrollIntoViewIfNeeded();
    await app.screenshot({ path: testInfo.outputPath('output-section.png') });
  } finally {
    end(pid);
  }

  // 6,000 lines: more than the 5,000 Forkscope keeps of a process.
  const chatty = await spawnCommandLine(app, `sh -c 'seq 1 6000; exec sleep 300'`);
  try {
    await expect(output(app).locator('.output-dropped')).toContainText('only the last 256 KiB or 5,000 lines are kept');
    await expect(lines(app, 'stdout').last()).toHaveText('out6000');
    expect(await lines(app, 'stdout').count()).toBeLessThanOrEqual(5000);
    await output(app).scrollIntoViewIfNeeded();
    await app.screenshot({ path: testInfo.outputPath('output-dropped.png') });
  } finally {
    end(chatty);
  }
});

test('a detached process writes to a log file on disk, whose path and tail Details shows', async ({ app }, testInfo) => {
  const pid = await spawnCommandLine(app, `sh -c 'echo detached said this; echo and this on stderr >&2; exec sleep 300'`, { mode: 'detached' });
  try {
    const file = output(app).getByTestId('output-log-file').locator('code');
    await expect(file).toHaveText(new RegExp(`/forkscope-logs/${pid}-\\d+\\.log$`));
    const path = (await file.textContent())!;
    expect(readFileSync(path, 'utf8')).toBe('detached said this\nand this on stderr\n');
    await expect(lines(app, 'combined')).toHaveText(['logdetached said this', 'logand this on stderr']);
    await expect(output(app)).toContainText('stdout and stderr go to the one log file together');
    await output(app).scrollIntoViewIfNeeded();
    await app.screenshot({ path: testInfo.outputPath('output-detached-log.png') });
  } finally {
    end(pid);
  }
});

test('a recording made with "keep output" shows the output in its replay', async ({ app }, testInfo) => {
  await app.locator('input[name="recordOutput"]').check();
  await app.getByRole('button', { name: '● Record' }).click();
  await expect(app.getByRole('button', { name: /■ Stop recording/ })).toBeVisible();
  const pid = await spawnCommandLine(app, `sh -c 'echo kept for the replay; echo kept on stderr >&2; exec sleep 300'`);
  let saved: string;
  try {
    await expect(lines(app, 'stderr')).toHaveText(['errkept on stderr']);
    await app.getByRole('button', { name: /■ Stop recording/ }).click();
    const status = app.getByRole('status').filter({ hasText: /Saved \d+ records to .*\.fsrec\.gz/ });
    saved = /Saved \d+ records to (.*\.fsrec\.gz)/.exec((await status.textContent())!)![1]!;
  } finally {
    end(pid);
  }

  await app.getByTestId('open-recording').setInputFiles({ name: 'kept.fsrec.gz', mimeType: 'application/gzip', buffer: readFileSync(saved) });
  const bar = app.getByRole('region', { name: 'Replay' });
  await expect(bar).toBeVisible();
  // To the end of the recording, where the process still ran.
  await bar.getByLabel('Position in the recording').fill('100000000');
  await bar.getByLabel('Position in the recording').dispatchEvent('pointerup');
  await app.getByRole('searchbox').fill(`pid:${pid}`);
  await app.locator(`.tree-row[data-pid="${pid}"]`).click();
  await expect(lines(app, 'stdout')).toHaveText(['outkept for the replay']);
  await expect(lines(app, 'stderr')).toHaveText(['errkept on stderr']);
  await output(app).scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath('output-replay.png') });
  await bar.getByRole('button', { name: 'Back to live' }).click();
  await expect(bar).toBeHidden();
});
