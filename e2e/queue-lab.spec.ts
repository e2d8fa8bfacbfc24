import { join } from 'node:path';
import { expect, test } from './fixtures';
import { needsPython, pythonExecutable } from './python';
import { spawnWatchingQueues } from './spawn-dialog';

const program = join(import.meta.dirname, '..', 'src', 'main', 'engine', 'queue-lab', '__fixtures__', 'two_queues.py');

test('run a queue experiment from the Queue Lab and see the charts move and the result card', async ({ app }, testInfo) => {
  // Three real runs and the process tree, on a machine others share.
  test.setTimeout(120_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  // The table and the engine's kept runs come in one batch: once a row shows, the runs are there to count.
  await expect(app.locator('.tree-row').first()).toBeVisible();
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const form = app.locator('.queue-form');
  await expect(form.locator('input[name="producers"]')).toHaveValue('2');
  await expect(form.locator('input[name="capacity"]')).toHaveValue('3');
  // The engine keeps earlier runs (of other specs too): count from what is there.
  const runs = app.locator('.experiment[data-experiment]');
  const before = await runs.count();
  const results = await app.getByTestId('queue-result').count();
  await form.locator('input[name="messages"]').fill('400');
  await form.locator('input[name="workMs"]').fill('2');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(runs).toHaveCount(before + 1);
  const experiment = runs.first();
  await expect(experiment).toBeVisible();
  // The charts draw lines once metrics arrive.
  await expect(experiment.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(experiment.locator('figure[aria-label="Latency"] .recharts-line-curve').first()).toBeVisible();
  const card = experiment.getByTestId('queue-result');
  await expect(card).toContainText('every message consumed once', { timeout: 30_000 });
  await expect(card).toContainText('400');
  await app.screenshot({ path: testInfo.outputPath('queue-lab.png') });

  // While it runs, the experiment's processes are marked in the process tree.
  await form.locator('input[name="messages"]').fill('100000');
  await form.locator('input[name="workMs"]').fill('5');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(runs).toHaveCount(before + 2);
  const id = await runs.first().getAttribute('data-experiment');
  await app.getByRole('tab', { name: 'Processes' }).click();
  await expect(app.locator('.tree-row.in-experiment')).toHaveCount(5, { timeout: 10_000 });
  await expect(app.locator('.tree-row.in-experiment .badge.experiment').first()).toHaveText(`queue #${id}`);
  await app.screenshot({ path: testInfo.outputPath('experiment-in-tree.png') });
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  await form.getByRole('button', { name: 'Stop' }).click();
  await expect(runs.first()).toContainText('stopped');

  // A second run stays beside the first for comparison.
  await form.locator('input[name="capacity"]').fill('50');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(runs).toHaveCount(before + 3);
  await expect(app.getByTestId('queue-result')).toHaveCount(results + 2, { timeout: 30_000 });

  // Bad input is refused before anything starts.
  await form.locator('input[name="capacity"]').fill('0');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(form.getByTestId('problem-capacity')).toHaveText('at least 1');
  await expect(runs).toHaveCount(before + 3);
});

test("chart the queues of the user's own Python program, started from the launch dialog", async ({ app }, testInfo) => {
  needsPython(testInfo, 'the queue probe needs it');
  await spawnWatchingQueues(app, `${pythonExecutable()} ${program} fork`);

  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const jobs = app.locator('.program-queue').filter({ hasText: 'two_queues.py:17' });
  const results = app.locator('.program-queue').filter({ hasText: 'two_queues.py:18' });
  await expect(jobs.getByTestId('program-queue-puts')).toHaveText('20', { timeout: 20_000 });
  await expect(jobs.getByTestId('program-queue-gets')).toHaveText('20');
  await expect(jobs).toContainText('JoinableQueue');
  await expect(results.getByTestId('program-queue-gets')).toHaveText('20');
  await app.screenshot({ path: testInfo.outputPath('program-queues.png') });
});

test('the depth chart says what the queue holds: 0 while consumers wait, drained to 0 at the end', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  const form = app.locator('.queue-form');
  // Slow producers: consumers wait on an empty queue most of the time, while credits for puts sit unused.
  await form.locator('input[name="messages"]').fill('300');
  await form.locator('input[name="rate"]').fill('30');
  await form.locator('input[name="workMs"]').fill('0');
  await form.getByRole('button', { name: 'Start' }).click();
  const experiment = app.locator('.experiment[data-experiment]').first();
  const now = experiment.getByTestId('queue-now');
  const readings: string[] = [];
  const read = async (): Promise<string> => {
    const text = (await now.textContent()) ?? '';
    readings.push(text);
    return text;
  };
  // Read the live figures until consumers are seen waiting, then on until the run ends.
  await expect.poll(async () => /[1-9]\d* waiting/.test(await read()), { timeout: 20_000 }).toBe(true);
  while (!(await experiment.getByTestId('queue-result').isVisible())) await read();
  const parsed = readings.map((text) => /depth (\d+), (\d+) blocked, (\d+) waiting/.exec(text)).filter((m) => m !== null);
  const waiting = parsed.filter((m) => Number(m[3]) > 0);
  expect(waiting.length).toBeGreaterThan(0);
  for (const m of waiting) expect(m[0]).toMatch(/^depth 0, 0 blocked,/);
  await expect(now).toHaveText('· now: depth 0, 0 blocked, 0 waiting');
  await experiment.screenshot({ path: testInfo.outputPath('queue-depth-drained.png') });
});
