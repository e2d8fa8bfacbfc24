import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const row = (app: Page, pid: number) => app.locator(`.tree-row[data-pid="${pid}"]`);
/** The keys of the rows shown, in order. */
async function keysShown(app: Page): Promise<Array<string | null>> {
  const keys: Array<string | null> = [];
  for (const r of await app.locator('.tree-row').all()) keys.push(await r.getAttribute('data-key'));
  return keys;
}

test.beforeEach(async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect.poll(async () => Number(await app.getByTestId('process-count').textContent())).toBeGreaterThan(3);
});

test('kill tree on pid 1 is refused in the confirmation, which lists only pid 1 and offers no kill', async ({ app }, testInfo) => {
  await app.getByRole('searchbox').fill('pid:1');
  await row(app, 1).click();
  await app.getByRole('button', { name: /Kill tree/ }).click();
  const confirm = app.getByRole('alertdialog');
  await expect(confirm.getByTestId('kill-plan-refused')).toContainText('pid 1 is init');
  await expect(confirm.locator('.kill-list li')).toHaveCount(1);
  await expect(confirm.locator('.kill-list li.plan-refused[data-pid="1"]')).toContainText('refused');
  await expect(confirm.getByRole('button', { name: /^Kill/ })).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('kill-tree-pid1-refused.png') });
  await confirm.getByRole('button', { name: 'Close' }).click();
  await expect(confirm).toBeHidden();
});

test('kill tree on Forkscope itself is refused, naming it', async ({ app }) => {
  const enginePid = Number(/host pid (\d+)/.exec((await app.locator('header').first().textContent()) ?? '')?.[1]);
  expect(enginePid).toBeGreaterThan(1);
  await app.getByRole('searchbox').fill(`pid:${enginePid}`);
  await app.locator(`.tree-row.self[data-pid="${enginePid}"]`).click();
  await app.getByRole('button', { name: /Kill tree/ }).click();
  const confirm = app.getByRole('alertdialog');
  await expect(confirm.getByTestId('kill-plan-refused')).toContainText('Forkscope itself');
  await expect(confirm.getByRole('button', { name: /^Kill/ })).toHaveCount(0);
  await confirm.getByRole('button', { name: 'Close' }).click();
});

test('the kill-tree confirmation lists the tree indented with commands; Cancel keeps the filtered tree expanded', async ({ app }, testInfo) => {
  await app
    .getByRole('button', { name: /^Spawn/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Spawn processes' });
  await dialog.locator('select[name="workload"]').selectOption('fork-tree');
  await dialog.locator('input[name="args"]').fill('2 2 60');
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const root = Number(await app.locator('.details h2 .muted').textContent());
  await app.getByRole('searchbox').fill('cmd:fork-tree');
  const matches = app.locator('.tree-row:not(.context)');
  await expect(matches).toHaveCount(7);
  const before = await keysShown(app);

  await row(app, root).click();
  await app.getByRole('button', { name: /Kill tree/ }).click();
  const confirm = app.getByRole('alertdialog');
  await expect(confirm.locator('.kill-list li')).toHaveCount(7);
  await expect(confirm.locator(`.kill-list li[data-pid="${root}"]`)).toHaveAttribute('data-depth', '0');
  await expect(confirm.locator('.kill-list li[data-depth="1"]')).toHaveCount(2);
  await expect(confirm.locator('.kill-list li[data-depth="2"]')).toHaveCount(4);
  await expect(confirm.locator('.kill-list li').first().locator('code')).toContainText('fork-tree');
  await expect(confirm.getByRole('button', { name: 'Kill 7 processes' })).toBeVisible();
  await app.screenshot({ path: testInfo.outputPath('kill-tree-plan.png') });

  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(matches).toHaveCount(7);
  expect(await keysShown(app)).toEqual(before);
  await app.screenshot({ path: testInfo.outputPath('kill-tree-cancel-keeps-expansion.png') });

  await row(app, root).click();
  await app.getByRole('button', { name: /Kill tree/ }).click();
  await confirm.getByRole('button', { name: 'Kill 7 processes' }).click();
  await expect(app.locator('.tree-row:not(.context):not(.cue-ended)')).toHaveCount(0);
});

/** The children of a process, from the kernel's own list. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The nearest ancestor of `pid` (itself included) named in FORKSCOPE_REAPER_PIDS, which the server inherits; else 1. */
function namedReaperAbove(pid: number): number {
  const named = new Set((process.env.FORKSCOPE_REAPER_PIDS ?? '').split(',').filter(Boolean).map(Number));
  for (let at = pid; at > 1;) {
    if (named.has(at)) return at;
    const stat = readFileSync(`/proc/${at}/stat`, 'utf8');
    at = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return 1;
}

test('killing a zombie parent Forkscope did not start asks first and says who will reap', async ({ app }, testInfo) => {
  // A parent that never reaps (sh execs sleep after forking a short sleep), started by the test, not by Forkscope; the
  // subreaper wrapper above it reaps the zombie once the parent dies, so nothing is left behind either way.
  const wrapper: ChildProcess = spawn('/usr/bin/python3', ['scripts/subreaper.py', '--', 'sh', '-c', 'sleep 0.1 & exec sleep 60'], {
    stdio: 'ignore',
  });
  try {
    const parent = await expect
      .poll(() => childrenOf(wrapper.pid!)[0] ?? 0)
      .toBeGreaterThan(0)
      .then(() => childrenOf(wrapper.pid!)[0]!);
    const group = app.locator(`.zombie-group[data-parent-pid="${parent}"]`);
    await expect(group).toBeVisible();
    await group.getByRole('button', { name: /Kill parent/ }).click();
    const confirm = app.getByRole('alertdialog', { name: `Kill sleep (${parent})?` });
    await expect(confirm).toContainText('Forkscope did not start this process');
    await expect(confirm.getByTestId('kill-parent-reaper')).toContainText('Zombies it holds: 1.');
    // The server names the nearest ancestor it was told is a subreaper (npm test runs under one), else pid 1.
    const reaper = namedReaperAbove(process.pid);
    await expect(confirm.getByTestId('kill-parent-reaper')).toContainText(`(${reaper})`);
    if (reaper === 1) await expect(confirm).toContainText('child subreaper, which /proc does not show');
    await app.screenshot({ path: testInfo.outputPath('kill-parent-confirm.png') });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    // Cancel is a real guard: the parent still runs and still holds its zombie.
    expect(() => process.kill(parent, 0)).not.toThrow();
    await expect(group).toBeVisible();

    await group.getByRole('button', { name: /Kill parent/ }).click();
    await confirm.getByRole('button', { name: 'Kill sleep' }).click();
    await expect(group).toBeHidden();
  } finally {
    wrapper.kill('SIGTERM');
    if (wrapper.exitCode === null) await new Promise((resolve) => wrapper.once('exit', resolve));
  }
});
