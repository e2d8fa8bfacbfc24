import type { Browser, Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../src/main/test-support/serve-process';
import { expect, test, WEB_ONLY, webOnly } from './fixtures';

// An engine of its own, lessons at full length (so one is still running after a reload), and no runs from other specs.
let serve: ServeProcess | undefined;
test.beforeAll(async () => {
  serve = await startServe(['--interval', '1000'], { FORKSCOPE_TIME_SCALE: '1' });
});
test.afterAll(async () => {
  await serve?.stop();
});

async function open(webBrowser: Browser | null): Promise<Page> {
  const page = await (await webOnly(webBrowser, 'the browser').newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(serve!.url.href);
  await expect(page.locator('.connection.up')).toBeVisible();
  return page;
}

const queueLab = (page: Page) => page.getByRole('tab', { name: 'Queue Lab' }).click();
const lessons = (page: Page) => page.getByRole('tab', { name: 'Lessons' }).click();

async function runSeparateOnNode(page: Page): Promise<void> {
  await lessons(page);
  const lesson = page.locator('.lesson');
  await page.locator('button[data-lesson="separate"]').click();
  await lesson.getByLabel('Run with').selectOption('node');
  await lesson.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lesson.getByTestId('lesson-outcome')).toContainText('Expected outcome observed', { timeout: 40_000 });
}

/** The finished experiment #1 and the lesson's outcome, as any window shows them. */
async function expectKeptRuns(page: Page): Promise<void> {
  await queueLab(page);
  const experiment = page.locator('.experiment[data-experiment="1"]');
  await expect(experiment.getByTestId('queue-result')).toContainText('every message consumed once');
  await expect(experiment.locator('figure[aria-label="Throughput"] .recharts-line-curve')).toBeVisible();
  await expect(page.locator('.kept-note').first()).toContainText('keeps the last 20 runs');
  await lessons(page);
  await page.locator('button[data-lesson="separate"]').click();
  await expect(page.locator('.lesson').getByTestId('lesson-outcome')).toContainText('Expected outcome observed');
}

test('queue runs and lesson results survive a reload, a second window and a replay round trip', WEB_ONLY, async ({ webBrowser }, testInfo) => {
  test.setTimeout(120_000);
  const page = await open(webBrowser);
  await queueLab(page);
  const form = page.locator('.queue-form');
  await form.locator('input[name="messages"]').fill('300');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('queue-result')).toContainText('every message consumed once', { timeout: 30_000 });
  await runSeparateOnNode(page);

  await page.reload();
  await expectKeptRuns(page);
  await page.screenshot({ path: testInfo.outputPath('lessons-after-reload.png') });
  await queueLab(page);
  await page.screenshot({ path: testInfo.outputPath('queue-lab-after-reload.png') });

  const second = await open(webBrowser);
  await expectKeptRuns(second);
  await second.context().close();

  // The lesson's recording opens as a replay: the lab shows the recording's runs (none), then live again with its own.
  await lessons(page);
  await page.locator('.lesson').getByRole('button', { name: 'Replay this run' }).click();
  await expect(page.getByRole('region', { name: 'Replay' })).toBeVisible();
  await queueLab(page);
  await expect(page.locator('.experiment[data-experiment="1"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByRole('region', { name: 'Replay' })).toBeHidden();
  await expectKeptRuns(page);
  await queueLab(page);
  await page.screenshot({ path: testInfo.outputPath('queue-lab-back-to-live.png') });
  await page.context().close();
});

test('a run still going after a reload can be stopped there, and Run works again', WEB_ONLY, async ({ webBrowser }, testInfo) => {
  test.setTimeout(120_000);
  const page = await open(webBrowser);
  await queueLab(page);
  const form = page.locator('.queue-form');
  await form.locator('input[name="messages"]').fill('100000');
  await form.locator('input[name="workMs"]').fill('5');
  // The first spec's run #1 is still listed: wait for the one this Start adds, not whichever comes first.
  const before = await page.locator('.experiment[data-experiment]').count();
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.experiment[data-experiment]')).toHaveCount(before + 1);
  const experiment = page.locator('.experiment[data-experiment]').first();
  await expect(experiment).toContainText('Messages100000');
  await expect(experiment.getByTestId('queue-now')).toBeVisible();
  const id = await experiment.getAttribute('data-experiment');

  // The join lesson takes about 9 s at full length: still running after the reload.
  await lessons(page);
  const lesson = page.locator('.lesson');
  await page.locator('button[data-lesson="join"]').click();
  await lesson.getByLabel('Run with').selectOption('node');
  await lesson.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lesson.locator('.lesson-processes tr').first()).toBeVisible();

  await page.reload();
  await expect(page.locator('.connection.up')).toBeVisible();
  await lessons(page);
  // Another lesson is shown (the first); the run going on is named, with its Stop.
  await expect(lesson.getByTestId('lesson-running-other')).toContainText(/Run #\d+ \(join\(\) inside the loop or after it\) is still running/);
  await expect(lesson.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('lessons-running-after-reload.png') });
  await lesson.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(lesson.getByRole('button', { name: 'Stop', exact: true })).toBeHidden();
  await page.locator('button[data-lesson="join"]').click();
  await expect(lesson.locator('.lesson-run [role="alert"]')).toContainText('stopped');
  await expect(lesson.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();

  await queueLab(page);
  const kept = page.locator(`.experiment[data-experiment="${id}"]`);
  await expect(kept.getByTestId('queue-result')).toHaveCount(0);
  await form.getByRole('button', { name: 'Stop' }).click();
  await expect(kept).toContainText('stopped');
  await expect(form.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('queue-lab-stopped-after-reload.png') });
  await page.context().close();
});
