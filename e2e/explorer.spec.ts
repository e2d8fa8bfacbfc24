import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawnWorkload } from './spawn-dialog';

async function filterTo(app: Page, text: string): Promise<void> {
  await app.getByRole('searchbox').fill(text);
}

const row = (app: Page, pid: number) => app.locator(`.tree-row[data-pid="${pid}"]`);

test.beforeEach(async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect.poll(async () => Number(await app.getByTestId('process-count').textContent())).toBeGreaterThan(3);
});

test('spawn a sleep from the dialog, see it at once, join it and see its exit code', async ({ app }, testInfo) => {
  const pid = await spawnWorkload(app, 'sleep', '3');
  await filterTo(app, `pid:${pid}`);
  await expect(row(app, pid)).toBeVisible();
  await app.screenshot({ path: testInfo.outputPath('spawned.png') });
  await row(app, pid).click();
  await app.getByRole('button', { name: 'Join' }).click();
  await expect(row(app, pid).locator('.row-notice')).toContainText(/exited with code 0|joining/);
  await expect(app.getByTestId('details-exit')).toContainText('code 0');
  await app.screenshot({ path: testInfo.outputPath('details.png') });
});

test('a zombie shows in Problems under its parent, and goes when the parent is killed', async ({ app }, testInfo) => {
  const parent = await spawnWorkload(app, 'zombie-maker', '1 60');
  const group = app.locator(`.zombie-group[data-parent-pid="${parent}"]`);
  await expect(group).toBeVisible();
  await expect(group.locator('li')).toHaveCount(1);
  await filterTo(app, 'state:zombie');
  await expect(app.locator('.tree-row.zombie:not(.context)')).toHaveCount(1);
  await expect(app.locator('.tree-row:not(.context)').first()).toHaveClass(/zombie/);
  await app.screenshot({ path: testInfo.outputPath('problems.png') });
  await group.getByRole('button', { name: /Kill parent/ }).click();
  await expect(group).toBeHidden();
  await expect(app.locator('.tree-row.zombie:not(.context)')).toHaveCount(0);
});

test('kill a 3-level tree after a confirmation that lists what will die', async ({ app }, testInfo) => {
  const root = await spawnWorkload(app, 'fork-tree', '2 2 60');
  await filterTo(app, `cmd:fork-tree`);
  await expect(app.locator('.tree-row:not(.context)')).toHaveCount(7);
  await row(app, root).click();
  await app.getByRole('button', { name: /Kill tree/ }).click();
  const confirm = app.getByRole('alertdialog');
  await expect(confirm.locator('.kill-list li')).toHaveCount(7);
  await app.screenshot({ path: testInfo.outputPath('kill-tree-confirm.png') });
  await confirm.getByRole('button', { name: /Kill 7 processes/ }).click();
  await expect(app.locator('.tree-row:not(.context):not(.cue-ended)')).toHaveCount(0);
});

test('paused updates hold the rows still', async ({ app }) => {
  await spawnWorkload(app, 'cpu-burn', '20');
  await app.getByRole('button', { name: 'Pause' }).click();
  const before = await app.locator('.tree-row').allTextContents();
  await app.waitForTimeout(1500);
  expect(await app.locator('.tree-row').allTextContents()).toEqual(before);
  await app.getByRole('button', { name: 'Resume updates' }).click();
  await expect.poll(async () => JSON.stringify(await app.locator('.tree-row').allTextContents())).not.toBe(JSON.stringify(before));
});

test('tag two processes with Space and kill both', async ({ app }) => {
  const first = await spawnWorkload(app, 'sleep', '60', { count: 2 });
  await filterTo(app, 'cmd:sleep.js');
  await expect(app.locator('.tree-row:not(.context)')).toHaveCount(2);
  const pids: number[] = [];
  for (const r of await app.locator('.tree-row:not(.context)').all()) pids.push(Number(await r.getAttribute('data-pid')));
  expect(pids).toContain(first);
  for (const pid of pids) {
    await row(app, pid).click();
    await app.keyboard.press('Space');
  }
  await expect(app.locator('.tree-row.tagged')).toHaveCount(2);
  await app.getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(app.locator('.tree-row:not(.context):not(.cue-ended)')).toHaveCount(0);
});

test('a refused kill (pid 1) shows its error next to the process', async ({ app }) => {
  await filterTo(app, 'pid:1');
  await row(app, 1).click();
  await app.getByRole('button', { name: 'Terminate' }).click();
  await expect(row(app, 1).locator('.row-notice')).toContainText('pid 1 is init');
});

test('switch to Simplified Chinese and back', async ({ app }, testInfo) => {
  await app.getByLabel('Language').selectOption('zh-CN');
  await expect(app.getByRole('button', { name: '启动进程…' })).toBeVisible();
  await expect(app.getByRole('tab', { name: '问题' })).toBeVisible();
  await app.screenshot({ path: testInfo.outputPath('zh-CN.png') });
  await app.getByLabel('语言').selectOption('en');
  await expect(app.getByRole('button', { name: 'Spawn…' })).toBeVisible();
});

test('the context menu suspends, resumes and kills a process', async ({ app }, testInfo) => {
  const pid = await spawnWorkload(app, 'sleep', '30');
  await filterTo(app, `pid:${pid}`);
  const target = row(app, pid);
  await target.click({ button: 'right' });
  await app.screenshot({ path: testInfo.outputPath('context-menu.png') });
  await app.getByRole('menuitem', { name: 'Suspend' }).click();
  await expect(target.locator('.c-state')).toHaveText('stopped');
  await target.click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Resume' }).click();
  await expect(target.locator('.c-state')).toHaveText('sleeping');
  await target.click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Kill', exact: true }).click();
  await expect(app.locator('.tree-row:not(.context):not(.cue-ended)')).toHaveCount(0);
});

test('search jumps to a process; hidden columns are remembered by the engine', async ({ app }) => {
  // Seconds no other spec uses: earlier specs' `sleep 30` workloads may still run on this engine and match first.
  const seconds = String(1000 + (Date.now() % 9000));
  const pid = await spawnWorkload(app, 'sleep', seconds);
  await app.locator('.details h2').click(); // leave the dialog's focus
  // The search looks through the tree's rows: wait until the new process has its row (it can come a tick after Details).
  await expect(row(app, pid)).toBeAttached();
  await app.keyboard.press('/');
  await app.keyboard.type(`sleep.js ${seconds}`);
  await expect(app.locator('.details h2 .muted')).toHaveText(String(pid));
  await expect(row(app, pid)).toHaveClass(/selected/);

  const header = app.locator('.tree-header');
  await expect(header.getByText('User', { exact: true })).toBeVisible();
  await app.locator('.columns-menu summary').click();
  await app.getByLabel('User', { exact: true }).uncheck();
  await expect(header.getByText('User', { exact: true })).toBeHidden();
  await app.reload();
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect(app.locator('.tree-row').first()).toBeVisible();
  await expect(app.locator('.tree-header').getByText('User', { exact: true })).toBeHidden();
  await app.locator('.columns-menu summary').click();
  await app.getByLabel('User', { exact: true }).check();
  await expect(app.locator('.tree-header').getByText('User', { exact: true })).toBeVisible();
});
