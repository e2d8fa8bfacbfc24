import { expect, test } from './fixtures';
import { needsPython } from './python';

test('open the Lessons view, run the zombie lesson and see its expected outcome observed', async ({ app }, testInfo) => {
  needsPython(testInfo, 'the zombie lesson is Python only');
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('tab', { name: 'Lessons' }).click();
  await app.locator('button[data-lesson="zombie"]').click();
  const lesson = app.locator('.lesson');
  await expect(lesson.getByRole('heading', { level: 2 })).toHaveText('7. Zombies');
  // The source shown is the real file that runs.
  await expect(lesson.locator('.lesson-source figcaption')).toHaveText('zombie.py');
  await expect(lesson.locator('.lesson-source code')).toContainText('set_start_method');
  await lesson.getByRole('button', { name: 'Run', exact: true }).click();
  // While it runs, its processes appear, and a zombie among them.
  await expect(lesson.locator('.lesson-processes .badge.zombie').first()).toBeVisible({ timeout: 20_000 });
  const outcome = lesson.getByTestId('lesson-outcome');
  await expect(outcome).toContainText('Expected outcome observed', { timeout: 30_000 });
  await expect(outcome).toContainText('[engine]');
  await expect(lesson.locator('.lesson-timeline li').first()).toBeVisible();
  await app.screenshot({ path: testInfo.outputPath('lesson-zombie.png') });

  // The run's timeline is a recording: it opens in the replay view.
  await outcome.getByRole('button', { name: 'Replay this run' }).click();
  await expect(app.getByRole('region', { name: 'Replay' })).toBeVisible();
  await expect(lesson.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await app.getByRole('button', { name: 'Back to live' }).click();
  await expect(app.getByRole('region', { name: 'Replay' })).toBeHidden();

  // In Chinese too.
  await app.getByLabel('Language').selectOption('zh-CN');
  await expect(lesson.getByRole('heading', { level: 2 })).toHaveText('7. 僵尸进程');
  await app.getByLabel('语言').selectOption('en');
});
