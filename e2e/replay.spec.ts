import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRoot } from './electron-binary';
import { expect, test } from './fixtures';

/** A real recording: a shell whose background child becomes a zombie (the exec'd sleep never reaps it). */
function recordZombie(): { file: string; zombiePid: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'forkscope-e2e-')), 'zombie.fsrec.gz');
  const result = spawnSync(
    process.execPath,
    [join(appRoot, 'bin', 'forkscope.js'), 'run', '--json', '--interval', '200', '--record', file, '--', 'sh', '-c', 'sleep 0.6 & exec sleep 2.5'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (result.status !== 0) throw new Error(`forkscope run --record failed: ${result.stderr}`);
  const zombie = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; pid?: number })
    .find((e) => e.type === 'became-zombie');
  if (!zombie?.pid) throw new Error(`no zombie was recorded: ${result.stderr}`);
  return { file, zombiePid: zombie.pid };
}

test('open a recording, jump to its zombie and see it in the Problems panel; live actions are off meanwhile', async ({ app }, testInfo) => {
  const { file, zombiePid } = recordZombie();
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByTestId('open-recording').setInputFiles({ name: 'zombie.fsrec.gz', mimeType: 'application/gzip', buffer: readFileSync(file) });
  const bar = app.getByRole('region', { name: 'Replay' });
  await expect(bar).toBeVisible();
  await expect(app.locator('.connection')).toHaveText('replay');
  await expect(bar.locator('.tick.zombie').first()).toBeAttached();
  await expect(app.getByRole('button', { name: /^Spawn/ }).first()).toBeDisabled();

  // A busy machine's recording has a long tree: show only our zombie's line of it, so its row is in view when it is there.
  await app.getByRole('searchbox', { name: 'Filter' }).fill(`pid:${zombiePid}`);
  await bar.getByLabel('Event type to jump to').selectOption('became-zombie');
  // The whole machine was recorded: another process may have become a zombie first.
  const ourZombie = app.locator(`.tree-row.zombie[data-pid="${zombiePid}"]`);
  const position = async () => Number(await bar.getByLabel('Position in the recording').inputValue());
  for (let jumps = 0; jumps < 5 && !(await ourZombie.isVisible()); jumps++) {
    const before = await position();
    await bar.getByRole('button', { name: 'Next ▶' }).click();
    await expect.poll(position).toBeGreaterThan(before);
  }
  const problems = app.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText(String(zombiePid));
  await expect(problems.getByRole('button', { name: /Kill parent/ })).toBeDisabled();
  await expect(app.locator(`.tree-row.zombie[data-pid="${zombiePid}"]`)).toBeVisible();
  await app.screenshot({ path: testInfo.outputPath('replay-zombie.png') });

  // Scrubbing back to the start: the zombie is not there yet.
  await bar.getByLabel('Position in the recording').fill('0');
  await bar.getByLabel('Position in the recording').dispatchEvent('pointerup');
  await expect(app.locator(`.tree-row.zombie[data-pid="${zombiePid}"]`)).toHaveCount(0);

  await bar.getByRole('button', { name: 'Back to live' }).click();
  await expect(bar).toBeHidden();
  await expect(app.locator('.connection')).toHaveText('live');
  await expect(app.getByRole('button', { name: /^Spawn/ }).first()).toBeEnabled();
});

test('a file that is not a recording is refused with its reason, and the live view stays', async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app
    .getByTestId('open-recording')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not a recording\n') });
  await expect(app.getByRole('alert').filter({ hasText: 'not a Forkscope recording' })).toBeVisible();
  await expect(app.locator('.connection')).toHaveText('live');
});

test('record a session from the window, then stop and see where it was saved', async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('button', { name: '● Record' }).click();
  const stop = app.getByRole('button', { name: /■ Stop recording/ });
  await expect(stop).toBeVisible();
  await expect(stop).not.toHaveText('■ Stop recording (0)');
  await stop.click();
  await expect(app.getByRole('status').filter({ hasText: /Saved \d+ records to .*\.fsrec\.gz/ })).toBeVisible();
});
