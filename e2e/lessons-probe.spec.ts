import { expect, test } from './fixtures';
import { needsPython } from './python';

test('the Pool lesson shows the tasks each worker ran, as the probe counted them, in both languages', async ({ app }, testInfo) => {
  needsPython(testInfo, 'the pool lesson is Python only');
  test.setTimeout(180_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('tab', { name: 'Lessons' }).click();
  await app.locator('button[data-lesson="pool"]').click();
  const lesson = app.locator('.lesson');
  await expect(lesson.getByRole('heading', { level: 2 })).toHaveText('15. Process pools');
  await expect(lesson).toContainText("Forkscope's probe counts the tasks each worker ran.");
  await lesson.getByRole('button', { name: 'Run', exact: true }).click();
  const outcome = lesson.getByTestId('lesson-outcome');
  await expect(outcome).toContainText('Expected outcome observed', { timeout: 120_000 });
  await expect(outcome).toContainText(
    /✓ \[probe \+ program\] the probe counted pool pool\.py:23's tasks per worker: \d+ ran \d, \d+ ran \d, \d+ ran \d \(6 of 6 completed\)/,
  );
  await expect(outcome).toContainText(/✓ \[probe\] pool pool\.py:41: the probe counted 1 task started and 0 completed/);
  await outcome.scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath('lesson-pool-probe.png') });

  await app.getByLabel('Language').selectOption('zh-CN');
  await expect(lesson).toContainText('Forkscope 的探针统计每个工作进程执行的任务数。');
  await app.getByLabel('语言').selectOption('en');
});

test('the Lock lesson shows the contention the race version lacks, as the probe counted it', async ({ app }, testInfo) => {
  needsPython(testInfo, 'the probe counts the python version');
  test.setTimeout(180_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('tab', { name: 'Lessons' }).click();
  await app.locator('button[data-lesson="lock"]').click();
  const lesson = app.locator('.lesson');
  await lesson.getByRole('button', { name: 'Run', exact: true }).click();
  const outcome = lesson.getByTestId('lesson-outcome');
  await expect(outcome).toContainText('Expected outcome observed', { timeout: 120_000 });
  await expect(outcome).toContainText(/✓ \[probe\] with the lock, [1-9] of its acquisitions had to wait for the buyer holding it/);
  await expect(outcome).toContainText(/✓ \[probe\] without a lock, the ten buyers \([\d, ]+\) acquired nothing and never waited for each other/);
  await outcome.scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath('lesson-lock-probe.png') });
});
