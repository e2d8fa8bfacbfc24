import { expect, test } from './fixtures';

test.beforeEach(async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect.poll(async () => Number(await app.getByTestId('process-count').textContent())).toBeGreaterThan(3);
});

test('a command that fails is restarted on failure with doubling back-off until its limit', async ({ app }, testInfo) => {
  await app
    .getByRole('button', { name: /^Spawn/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Spawn processes' });
  await dialog.locator('select[name="workload"]').selectOption('crash');
  // Runs 2 s before it exits with code 2, so each run shows in the tree (a busy machine included) before the next.
  await dialog.locator('input[name="args"]').fill('2 2000');
  await dialog.locator('select[name="restart"]').selectOption('on-failure');
  await dialog.locator('input[name="maxRestarts"]').fill('2');
  await dialog.locator('input[name="restartWindow"]').fill('60');
  await app.screenshot({ path: testInfo.outputPath('restart-spawn-dialog.png') });
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const first = Number(await app.locator('.details h2 .muted').textContent());

  await app.getByRole('tab', { name: 'Event log' }).click();
  const log = app.locator('.event-log');
  // Only this type of event, so the machine's other events do not push these out of the list.
  const only = (type: string) => log.getByLabel('Type').selectOption(type);
  // Back-off: 0.5 s before the first restart, 1 s before the second; then the limit of 2 within 60 s.
  await only('restart-scheduled');
  await expect(log.locator('li.log-restart-scheduled')).toHaveCount(2, { timeout: 20_000 });
  await expect(log.locator('li.log-restart-scheduled').last()).toContainText('exited with code 2; restart 1 in 500 ms');
  await expect(log.locator('li.log-restart-scheduled').first()).toContainText('exited with code 2; restart 2 in 1000 ms');
  await only('restarted');
  await expect(log.locator('li.log-restarted')).toHaveCount(2);
  await expect(log.locator('li.log-restarted').first()).toContainText('restarted 2×');
  const lastRun = Number(await log.locator('li.log-restarted').first().getAttribute('data-pid'));
  expect(lastRun).not.toBe(first);

  // The third run shows in the tree with its count (it lingers a moment once ended).
  await app.getByRole('searchbox').fill(`pid:${lastRun}`);
  await expect(app.locator(`.tree-row[data-pid="${lastRun}"] .badge.restarted`)).toHaveText('restarted 2×');
  await app.screenshot({ path: testInfo.outputPath('restart-tree-badge.png') });

  await only('restart-ended');
  await expect(log.locator('li.log-restart-ended')).toHaveCount(1, { timeout: 10_000 });
  await expect(log.locator('li.log-restart-ended')).toContainText('restarted 2 times within 60 s');
  await expect(log.locator('li.log-restart-ended')).toContainText('restart.maxRestarts 2');
  await app.screenshot({ path: testInfo.outputPath('restart-event-log.png') });
  // No fourth run.
  await app.waitForTimeout(2500);
  await only('restarted');
  await expect(log.locator('li.log-restarted')).toHaveCount(2);
});

test('a restarting process the person terminates is not started again', async ({ app }) => {
  await app
    .getByRole('button', { name: /^Spawn/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Spawn processes' });
  await dialog.locator('select[name="workload"]').selectOption('sleep');
  await dialog.locator('input[name="args"]').fill('60');
  await dialog.locator('select[name="restart"]').selectOption('always');
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const pid = Number(await app.locator('.details h2 .muted').textContent());
  await app.getByRole('searchbox').fill(`pid:${pid}`);
  await app.locator(`.tree-row[data-pid="${pid}"]`).click();
  await app.getByRole('button', { name: 'Terminate' }).click();
  await app.getByRole('tab', { name: 'Event log' }).click();
  const log = app.locator('.event-log');
  await log.getByLabel('Type').selectOption('restart-ended');
  await expect(log.locator(`li.log-restart-ended[data-pid="${pid}"]`)).toContainText('SIGTERM sent by the person ends its restart policy');
  await expect(app.getByTestId('details-restarts')).toContainText('SIGTERM sent by the person');
  await app.waitForTimeout(1500);
  await log.getByLabel('Type').selectOption('restart-scheduled');
  await expect(log.locator(`li.log-restart-scheduled[data-pid="${pid}"]`)).toHaveCount(0);
  await log.getByLabel('Type').selectOption('restarted');
  await expect(log.locator('li.log-restarted')).toHaveCount(0);
});
