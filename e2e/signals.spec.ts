import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

let child: ChildProcess | undefined;
let dir: string | undefined;
test.afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

test('the signal menu lists every signal by number and name; SIGUSR1 reaches a trap; renice from the menu', async ({ app }, testInfo) => {
  test.setTimeout(180_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  dir = mkdtempSync(join(tmpdir(), 'forkscope-signals-'));
  const file = join(dir, 'got');
  child = spawn('sh', ['-c', `trap 'echo got >> ${file}' USR1; while :; do sleep 0.1; done`], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child!.once('spawn', resolve).once('error', reject));
  const pid = child.pid!;
  await app.getByRole('searchbox').fill(`pid:${pid}`);
  const row = app.locator(`.tree-row[data-pid="${pid}"]`);
  await expect(row).toBeVisible();

  // The toolbar's list: every signal of this platform, real-time ones included.
  const toolbarSignals = app.getByRole('combobox', { name: 'Signal…' });
  await expect(toolbarSignals.locator('option')).toHaveCount(1 + 64 - 2);
  await expect(toolbarSignals.locator('option', { hasText: '34 SIGRTMIN' })).toHaveCount(1);

  await row.click({ button: 'right' });
  const menu = app.getByRole('menu');
  const every = menu.getByRole('combobox', { name: 'Send any signal…' });
  await expect(every.locator('option', { hasText: '10 SIGUSR1' })).toHaveCount(1);
  await expect(every.locator('option', { hasText: '64 SIGRTMAX' })).toHaveCount(1);
  await app.screenshot({ path: testInfo.outputPath('signal-menu.png') });
  await every.selectOption('SIGUSR1');
  await expect(row.locator('.row-notice')).toContainText('SIGUSR1');
  await expect.poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : '')).toBe('got\n');

  await row.click({ button: 'right' });
  const niceBox = app.getByRole('menu').locator('input[name="nice"]');
  await niceBox.fill('6');
  await niceBox.press('Enter');
  await expect(row.locator('.row-notice')).toContainText('nice is now 6');
  await expect.poll(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]).toBe('6');
});
