import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawnCommandLine, spawnWorkload } from './spawn-dialog';

/** Scrolls the event log down from its newest line until `line` is drawn (only the lines in view are in the DOM). */
async function scrollLogTo(app: Page, line: Locator): Promise<void> {
  const scroller = app.locator('.event-log .log-scroll');
  await scroller.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 0));
  for (let step = 0; step < 200 && (await line.count()) === 0; step++) {
    await scroller.evaluate((el) => {
      const box = el as unknown as { scrollTop: number; clientHeight: number };
      box.scrollTop += box.clientHeight;
    });
    await app.waitForTimeout(50); // one frame for the virtualizer to draw the lines now in view
  }
}

const row = (app: Page, pid: number) => app.locator(`.tree-row[data-pid="${pid}"]`);
const kill = (pid: number, signal: NodeJS.Signals = 'SIGTERM') => {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
};

test.beforeEach(async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect.poll(async () => Number(await app.getByTestId('process-count').textContent())).toBeGreaterThan(3);
});

test('a quoted filter value with a space matches; pid:abc and an unknown key are flagged in English and Chinese, the rest applies', async ({
  app,
}, testInfo) => {
  const pid = await spawnCommandLine(app, 'sleep 120');
  try {
    const box = app.getByRole('searchbox', { name: 'Filter' });
    const problems = app.getByTestId('filter-problems');
    await box.fill('cmd:"sleep 120"');
    await expect(row(app, pid)).toBeVisible();
    await expect(box).toHaveAttribute('aria-invalid', 'false');
    await expect(problems).toBeHidden();
    await box.fill('cmd:"sleep 1200"');
    await expect(row(app, pid)).toBeHidden();

    // The bad term is named and left out; the quoted one still applies.
    await box.fill(`pid:abc cmd:"sleep 120" colour:red`);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await expect(problems).toContainText('"pid:abc": pid is a whole number, not "abc"; that term is ignored, the others apply');
    await expect(problems).toContainText('unknown filter key "colour"');
    await expect(row(app, pid)).toBeVisible();
    await expect(app.locator('.tree-row:not(.context)')).not.toHaveCount(0);
    for (const shown of await app.locator('.tree-row:not(.context) .c-cmd').allTextContents()) expect(shown).toContain('sleep 120');
    await app.screenshot({ path: testInfo.outputPath('filter-problems-en.png') });

    await app.getByLabel('Language').selectOption('zh-CN');
    await expect(problems).toContainText('“pid:abc”：pid 应为整数，而不是“abc”；此条件已忽略，其余条件照常生效。');
    await expect(problems).toContainText('未知的筛选键“colour”');
    await expect(row(app, pid)).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath('filter-problems-zh-CN.png') });
  } finally {
    await app.getByLabel(/^(Language|语言)$/).selectOption('en');
    kill(pid);
  }
});

test('the tree names a workload after itself, as ps does', async ({ app }, testInfo) => {
  const pid = await spawnWorkload(app, 'fork-tree', '1 1 30');
  try {
    await app.getByRole('searchbox', { name: 'Filter' }).fill('cmd:fork-tree.js');
    await expect(row(app, pid).locator('.proc-name')).toHaveText('fork-tree');
    const child = app.locator(`.tree-row[data-pid]:not([data-pid="${pid}"])`).filter({ hasText: `fork-tree.js 0 1 30` });
    await expect(child.locator('.proc-name')).toHaveText('fork-tree');
    expect(execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim()).toBe('fork-tree');
    await app.screenshot({ path: testInfo.outputPath('workload-names.png') });
  } finally {
    kill(pid);
  }
});

test('the event log keeps thousands of events, draws only those in view, says how much it keeps, and names every type in words', async ({
  app,
}, testInfo) => {
  // A parent with 300 short-lived children: over a thousand lifecycle events in a few seconds.
  const maker = await spawnWorkload(app, 'zombie-maker', '300 60');
  try {
    await app.getByRole('tab', { name: 'Event log' }).click();
    const log = app.locator('.event-log');
    const kept = log.getByTestId('log-kept');
    const keptCount = async () => Number(/^last ([\d,]+) events/.exec((await kept.textContent()) ?? '')?.[1]?.replaceAll(',', '') ?? 0);
    await expect(kept).toHaveText(/^last [\d,]+ events since \d\d:\d\d:\d\d \(keeps up to 20,000, oldest dropped first\)$/);
    await expect.poll(keptCount, { timeout: 30_000 }).toBeGreaterThan(600);
    // Virtualized: the lines in the DOM are a window, not the whole log.
    expect(await log.locator('li').count()).toBeLessThan(120);
    await scrollLogTo(app, log.getByTestId('log-burst'));
    await expect(log.getByTestId('log-burst').first()).toContainText(/started \d+ processes in \d+ s/);
    // No internal name (became-zombie, zombie-reaped …) in what the log shows.
    for (const type of await log.locator('.log-type').allTextContents()) expect(type).not.toMatch(/^[a-z]+-[a-z-]+$/);
    const options = await log.getByLabel('Type').locator('option').allTextContents();
    expect(options).toContain('became a zombie');
    expect(options.filter((o) => /^[a-z]+-[a-z-]+$/.test(o))).toEqual([]);
    await app.screenshot({ path: testInfo.outputPath('event-log-kept.png') });

    // The oldest kept event is at the bottom, at the time the line above says.
    const since = /since (\d\d:\d\d:\d\d)/.exec((await kept.textContent()) ?? '')![1]!;
    // (e2e code is typed without the DOM library: the scroller is read as the two numbers it needs.) Lines are measured
    // as they come into view, which can move the bottom: scrolled again until the oldest line is drawn.
    const toOldest = () =>
      log.locator('.log-scroll').evaluate((el) => {
        const box = el as unknown as { scrollTop: number; scrollHeight: number };
        box.scrollTop = box.scrollHeight;
      });
    const scroller = log.locator('.log-scroll');
    const inView = async (line: Locator) => {
      if ((await line.count()) === 0) return false;
      const [box, view] = [await line.boundingBox(), await scroller.boundingBox()];
      return box !== null && view !== null && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
    };
    const oldest = log.locator('li').last();
    await expect
      .poll(async () => {
        await toOldest();
        return (await oldest.locator('time').textContent()) === since && (await inView(oldest));
      })
      .toBe(true);
    const oldestText = (await oldest.textContent())!;
    // New events arrive above: the line being read holds still (without that, they would push it out of view).
    const before = await keptCount();
    const other = await spawnCommandLine(app, 'true');
    await expect.poll(keptCount).toBeGreaterThan(before + 3);
    await expect.poll(() => inView(log.locator('li').filter({ hasText: oldestText }).last())).toBe(true);
    await app.screenshot({ path: testInfo.outputPath('event-log-oldest.png') });
    expect(other).toBeGreaterThan(1);

    // One type: the zombies, named in words.
    await log.getByLabel('Type').selectOption('became-zombie');
    await expect(log.locator('li.log-became-zombie').first()).toBeVisible();
    await expect(log.locator('li.log-became-zombie .log-type').first()).toHaveText('became a zombie');
    await expect(kept).toHaveText(/^[\d,]+ of the last [\d,]+ events since/);

    await app.getByLabel('Language').selectOption('zh-CN');
    await expect(log.locator('li.log-became-zombie .log-type').first()).toHaveText('成为僵尸');
    await expect(kept).toContainText('以来的最近');
    await log.getByLabel('类型').selectOption('all');
    await expect(log.locator('li').first()).toBeInViewport(); // another type starts at its newest line
    await scrollLogTo(app, log.getByTestId('log-burst'));
    await expect(log.getByTestId('log-burst').first()).toContainText(/在 \d+ 秒内启动了 \d+ 个进程/);
    for (const type of await log.locator('.log-type').allTextContents()) expect(type).toMatch(/[\u4e00-\u9fff]/);
    await app.screenshot({ path: testInfo.outputPath('event-log-zh-CN.png') });
  } finally {
    await app.getByLabel(/^(Language|语言)$/).selectOption('en');
    kill(maker, 'SIGKILL');
  }
});
