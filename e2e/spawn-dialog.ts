import { expect, type Page } from '@playwright/test';

/** Opens the spawn dialog on "Command" and returns it. */
export async function openCommandDialog(app: Page) {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app
    .getByRole('button', { name: /^Spawn/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Spawn processes' });
  await dialog.locator('input[name="kind"]').nth(1).check();
  return dialog;
}

/** Spawns one command line from the dialog and returns the pid of the process it started (the dialog selects it). */
export async function spawnCommandLine(app: Page, line: string, options: { mode?: 'attached' | 'daemon' | 'detached' } = {}): Promise<number> {
  const dialog = await openCommandDialog(app);
  await dialog.locator('input[name="commandLine"]').fill(line);
  if (options.mode) await dialog.locator(`input[name="mode"][value="${options.mode}"]`).check();
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const pid = Number(await app.locator('.details h2 .muted').textContent());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

/** Spawns a built-in workload from the dialog and returns the pid of the first process it started (the dialog selects it). */
export async function spawnWorkload(app: Page, workload: string, args: string, options: { count?: number } = {}): Promise<number> {
  await app
    .getByRole('button', { name: /^Spawn/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Spawn processes' });
  await dialog.locator('select[name="workload"]').selectOption(workload);
  await dialog.locator('input[name="args"]').fill(args);
  if (options.count) await dialog.locator('input[name="count"]').fill(String(options.count));
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const pid = Number(await app.locator('.details h2 .muted').textContent());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

/** Spawns a Python command line with "chart its queues" (the probe) checked. */
export async function spawnWatchingQueues(app: Page, line: string): Promise<void> {
  const dialog = await openCommandDialog(app);
  await dialog.locator('input[name="commandLine"]').fill(line);
  await dialog.locator('input[name="watchQueues"]').check();
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
}
