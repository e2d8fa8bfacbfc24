import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function startRun(page: Page, numbers: Record<string, string>): Promise<void> {
  const form = page.locator('.queue-form');
  for (const [name, value] of Object.entries(numbers)) await form.locator(`input[name="${name}"]`).fill(value);
  await form.getByRole('button', { name: 'Start' }).click();
}

/** The tick labels of one axis of one chart of a run, as drawn. */
const ticks = (run: Locator, chart: string, axis: 'x' | 'y') =>
  run.locator(`figure[aria-label="${chart}"] .recharts-${axis}Axis .recharts-cartesian-axis-tick-value`).allTextContents();

test('runs stand side by side on shared axes, each with its parameters, right of the form', async ({ app }, testInfo) => {
  // Two real runs one after the other, on a machine others share.
  test.setTimeout(120_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  // The table and the engine's kept runs come in one batch: once a row shows, the runs are there to count.
  await expect(app.locator('.tree-row').first()).toBeVisible();
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const runs = app.locator('.experiment[data-experiment]');
  const before = await runs.count();
  await startRun(app, { messages: '300', workMs: '0', capacity: '3' });
  await expect(runs).toHaveCount(before + 1);
  await expect(runs.first().getByTestId('queue-result')).toBeVisible({ timeout: 30_000 });
  await startRun(app, { messages: '150', workMs: '4', capacity: '8' });
  await expect(runs).toHaveCount(before + 2);
  const [newest, previous] = [runs.nth(0), runs.nth(1)];
  await expect(newest.getByTestId('queue-result')).toBeVisible({ timeout: 30_000 });

  // Side by side: the same top, the newer on the left, both right of the form.
  const form = (await app.locator('.queue-form').boundingBox())!;
  const a = (await newest.boundingBox())!;
  const b = (await previous.boundingBox())!;
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(a.x).toBeLessThan(b.x);
  expect(a.x).toBeGreaterThanOrEqual(form.x + form.width);
  expect(b.x + b.width).toBeLessThanOrEqual(1280);
  // Each with its parameters.
  await expect(newest.locator('.run-parameters')).toContainText('Messages150');
  await expect(newest.locator('.run-parameters')).toContainText('Work per message (ms)4');
  await expect(previous.locator('.run-parameters')).toContainText('Messages300');
  // Shared axes: the same ticks in both columns, though the runs took different times and reached different depths.
  for (const chart of ['Throughput', 'Depth, blocked producers, waiting consumers']) {
    for (const axis of ['x', 'y'] as const) expect(await ticks(newest, chart, axis), `${chart} ${axis}`).toEqual(await ticks(previous, chart, axis));
  }
  await app.screenshot({ path: testInfo.outputPath('queue-runs-side-by-side.png') });
});

test('the form says what is wrong at the field, in English and in Chinese, and a duration needs no message count', async ({ app }, testInfo) => {
  // Two real runs one after the other, on a machine others share.
  test.setTimeout(120_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  // The table and the engine's kept runs come in one batch: once a row shows, the runs are there to count.
  await expect(app.locator('.tree-row').first()).toBeVisible();
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const form = app.locator('.queue-form');
  await form.locator('input[name="capacity"]').fill('0');
  await form.locator('input[name="producers"]').fill('abc');
  await form.locator('input[name="consumers"]').fill('1.5');
  await form.locator('input[name="workMs"]').fill('70000');
  await expect(form.getByTestId('problem-capacity')).toHaveText('at least 1');
  await expect(form.getByTestId('problem-producers')).toHaveText('enter a number');
  await expect(form.getByTestId('problem-consumers')).toHaveText('enter a whole number');
  await expect(form.getByTestId('problem-workMs')).toHaveText('at most 60000');
  await expect(form.locator('input[name="capacity"]')).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(form).toContainText('check the fields marked above');
  // Nothing started, and no schema wording anywhere.
  await expect(form.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(app.locator('.queue-lab')).not.toContainText('Too small');
  // Every problem sits beside its own field, inside the window.
  const problem = (await form.getByTestId('problem-capacity').boundingBox())!;
  const input = (await form.locator('input[name="capacity"]').boundingBox())!;
  expect(problem.y).toBeGreaterThanOrEqual(input.y + input.height - 1);
  expect(problem.x + problem.width).toBeLessThanOrEqual(1280);
  await app.screenshot({ path: testInfo.outputPath('queue-form-problems-en.png') });

  await app.getByLabel('Language').selectOption('zh-CN');
  await expect(form.getByTestId('problem-capacity')).toHaveText('不能小于 1');
  await expect(form.getByTestId('problem-producers')).toHaveText('请输入数字');
  await expect(form.getByTestId('problem-consumers')).toHaveText('请输入整数');
  await expect(form.getByTestId('problem-workMs')).toHaveText('不能大于 60000');
  await expect(form).toContainText('请检查上面标出的字段');
  await app.screenshot({ path: testInfo.outputPath('queue-form-problems-zh-CN.png') });
  await app.getByLabel('语言').selectOption('en');

  // With a duration, the message count is not used: an empty one does not stop the run.
  for (const [name, value] of Object.entries({ capacity: '3', producers: '1', consumers: '1', workMs: '0', messages: '', duration: '0.5' }))
    await form.locator(`input[name="${name}"]`).fill(value);
  await expect(form.locator('input[name="messages"]')).toBeDisabled();
  await expect(form).toContainText('not used: the duration decides');
  await expect(form.locator('.field-problem')).toHaveCount(0);
  await form.getByRole('button', { name: 'Start' }).click();
  const run = app.locator('.experiment[data-experiment]').first();
  await expect(run.getByTestId('queue-result')).toContainText('every message consumed once', { timeout: 30_000 });
  await expect(run.locator('.run-parameters')).toContainText('Duration (s), instead of messages0.5');
});
