import { expect, test } from './fixtures';

test('run a queue experiment from the Queue Lab and see the charts move and the result card', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const form = app.locator('.queue-form');
  await expect(form.locator('input[name="producers"]')).toHaveValue('2');
  await expect(form.locator('input[name="capacity"]')).toHaveValue('3');
  await form.locator('input[name="messages"]').fill('400');
  await form.locator('input[name="workMs"]').fill('2');
  await form.getByRole('button', { name: 'Start' }).click();
  const experiment = app.locator('.experiment').first();
  await expect(experiment).toBeVisible();
  // The charts draw lines once metrics arrive.
  await expect(experiment.locator('.recharts-line-curve').first()).toBeVisible();
  const card = experiment.getByTestId('queue-result');
  await expect(card).toContainText('every message consumed once', { timeout: 30_000 });
  await expect(card).toContainText('400');
  await app.screenshot({ path: testInfo.outputPath('queue-lab.png') });

  // A second run stays beside the first for comparison.
  await form.locator('input[name="capacity"]').fill('50');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(app.locator('.experiment')).toHaveCount(2);
  await expect(app.locator('[data-testid="queue-result"]')).toHaveCount(2, { timeout: 30_000 });

  // Bad input is refused before anything starts.
  await form.locator('input[name="capacity"]').fill('0');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(form.getByRole('alert')).toContainText('capacity');
});
