import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startServe } from '../src/main/test-support/serve-process';
import { en } from '../src/renderer/src/i18n/en';
import { helpLines } from '../src/renderer/src/state/key-bindings';
import { expect, test, WEB_ONLY, webOnly } from './fixtures';
import { openCommandDialog, spawnCommandLine } from './spawn-dialog';

/** An i18n key's English text. */
const english = (key: string): string => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en) as string;

const enginePid = async (app: Page): Promise<number> => Number(await app.getByTestId('engine-pid').getAttribute('data-pid'));

test('the ? sheet lists exactly the key table, and k does what the sheet says: it opens the signal menu', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await app.keyboard.press('?');
  const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const shown: Array<{ keys: string[]; text: string }> = [];
  for (const line of await sheet.locator('dl > div').all())
    shown.push({ keys: await line.locator('dt kbd').allTextContents(), text: (await line.locator('dd').textContent()) ?? '' });
  expect(shown).toEqual(helpLines().map(({ keys, help }) => ({ keys, text: english(help) })));
  expect(shown.find((line) => line.keys.includes('k'))?.text).toMatch(/signal menu/);
  await app.screenshot({ path: testInfo.outputPath('polish-shortcuts.png') });
  await app.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  const pid = await enginePid(app);
  await app.locator('input.filter').fill(`pid:${pid}`);
  await app.locator(`.tree-row[data-pid="${pid}"]`).click();
  await app.keyboard.press('k');
  await expect(app.getByRole('menu')).toBeVisible();
  await expect(app.getByRole('menu').getByRole('combobox', { name: 'Send any signal…' })).toBeVisible();
  await app.keyboard.press('Escape');
});

test('with one row the views still fill the window to its bottom edge', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  const pid = await enginePid(app);
  await app.locator('input.filter').fill(`pid:${pid}`);
  await expect(app.locator('.tree-row:not(.context)')).toHaveCount(1);
  const bottom = async (selector: string): Promise<number> => {
    const box = (await app.locator(selector).boundingBox())!;
    return box.y + box.height;
  };
  // 1280×800 as the issue saw it, and a window taller than anything the views hold, where only the layout can fill it.
  for (const height of [800, 1500]) {
    await app.setViewportSize({ width: 1280, height });
    await expect.poll(() => bottom('.workspace')).toBeCloseTo(height, 0);
    await expect.poll(() => bottom('.process-tree')).toBeCloseTo(height, 0);
    await expect.poll(() => bottom('.side')).toBeCloseTo(height, 0);
    // Nor wider than the window: the header's last chart ends inside it.
    const right = async (): Promise<number> => {
      const box = (await app.locator('.system-charts figure').last().boundingBox())!;
      return box.x + box.width;
    };
    await expect.poll(right).toBeLessThanOrEqual(1280);
    await app.screenshot({ path: testInfo.outputPath(`polish-layout-one-row-${height}.png`) });
    await app.getByRole('tab', { name: 'Queue Lab' }).click();
    await expect.poll(() => bottom('.queue-lab')).toBeCloseTo(height, 0);
    await app.getByRole('tab', { name: 'Lessons' }).click();
    await expect.poll(() => bottom('.lessons')).toBeCloseTo(height, 0);
    if (height > 800) await app.screenshot({ path: testInfo.outputPath(`polish-layout-lessons-${height}.png`) });
    await app.getByRole('tab', { name: 'Processes' }).click();
  }
  await app.locator('input.filter').fill('');
});

test('recording counts its records as it goes, and the saved notice keeps the header on one line', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  const header = app.locator('.app-header');
  const oneLine = (await header.boundingBox())!.height;
  await app.getByRole('button', { name: '● Record' }).click();
  const stop = app.getByRole('button', { name: /■ Stop recording/ });
  const count = async (): Promise<number> => Number(/\((\d+) records\)/.exec((await stop.textContent()) ?? '')?.[1] ?? -1);
  await expect.poll(count).toBeGreaterThan(0);
  const first = await count();
  // The sampler keeps writing, and the button follows.
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(first);
  await app.screenshot({ path: testInfo.outputPath('polish-recording-count.png') });
  await stop.click();
  const notice = app.getByTestId('session-notice');
  await expect(notice).toHaveText(/Saved \d+ records to .*\.fsrec\.gz/);
  // The whole path reads in the tooltip; the header stays the height it was.
  expect(await notice.getAttribute('title')).toBe(await notice.textContent());
  expect((await header.boundingBox())!.height).toBeCloseTo(oneLine, 0);
  const noticeBox = (await notice.boundingBox())!;
  const headerBox = (await header.boundingBox())!;
  expect(noticeBox.x + noticeBox.width).toBeLessThanOrEqual(headerBox.x + headerBox.width);
  await app.screenshot({ path: testInfo.outputPath('polish-saved-notice.png') });
});

/** The labels of the CPU history axis in the details of the selected process, once it has data. */
async function cpuTicks(app: Page): Promise<string[]> {
  const plot = app.locator('.details figure[aria-label="CPU % since Forkscope saw it"] .history-plot');
  await expect(plot).toHaveAttribute('data-ticks', /%/);
  await plot.scrollIntoViewIfNeeded();
  return ((await plot.getAttribute('data-ticks')) ?? '').split(' | ');
}

/** Distinct, from 0, evenly spaced at 1, 2 or 5 times a power of ten, with decimals exactly when the step is below 1. */
function expectNiceTicks(labels: string[]): void {
  expect(labels.length).toBeGreaterThanOrEqual(3);
  expect(new Set(labels).size).toBe(labels.length);
  const values = labels.map((l) => Number.parseFloat(l));
  const step = values[1]! - values[0]!;
  expect(values[0]).toBe(0);
  values.forEach((v, i) => expect(v).toBeCloseTo(i * step, 6));
  expect([1, 2, 5]).toContain(Math.round(step / 10 ** Math.floor(Math.log10(step))));
  expect(labels.slice(1).every((l) => l.includes('.'))).toBe(step < 1);
}

test('the CPU history axes have distinct ticks at nice steps, with decimals when the range is small', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  // A process that uses no CPU at all: the smallest range there is.
  const pid = await spawnCommandLine(app, 'sleep 120');
  try {
    const idle = await cpuTicks(app);
    expectNiceTicks(idle);
    expect(idle.at(-1)).toMatch(/\./);
    // Its memory axis too: 0 B, then nice steps of one binary unit, every label different.
    const memory = app.locator('.details figure[aria-label="Memory since Forkscope saw it"] .history-plot');
    await expect(memory).toHaveAttribute('data-ticks', /iB/);
    const bytes = ((await memory.getAttribute('data-ticks')) ?? '').split(' | ');
    expect(bytes[0]).toBe('0 B');
    expect(new Set(bytes.slice(1).map((label) => label.split(' ')[1])).size, bytes.join(', ')).toBe(1);
    expectNiceTicks(['0', ...bytes.slice(1).map((label) => label.split(' ')[0]!)]);
    await app.screenshot({ path: testInfo.outputPath('polish-cpu-axis-idle.png') });
  } finally {
    process.kill(pid, 'SIGKILL');
  }
  await expect(app.locator(`.tree-row[data-pid="${pid}"]`)).toHaveCount(0, { timeout: 20_000 });

  // Forkscope's own engine, busy serving this page.
  const engine = await enginePid(app);
  await app.locator('input.filter').fill(`pid:${engine}`);
  await app.locator(`.tree-row[data-pid="${engine}"]`).click();
  await expect(app.locator('.details h2 .muted')).toHaveText(String(engine));
  expectNiceTicks(await cpuTicks(app));
  await app.screenshot({ path: testInfo.outputPath('polish-cpu-axis.png') });
  const system = app.locator('figure[aria-label="CPU, all cores"] .history-plot');
  await expect(system).toHaveAttribute('data-ticks', '0% | 50% | 100%');
  await app.locator('input.filter').fill('');
});

test('a filter that matches nothing says so and clears with one click', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  await expect.poll(() => app.locator('.tree-row').count()).toBeGreaterThan(3);
  await app.locator('input.filter').fill('name:no-process-is-called-this');
  const empty = app.getByTestId('no-rows');
  await expect(empty).toContainText('No process matches the filter "name:no-process-is-called-this"');
  await app.screenshot({ path: testInfo.outputPath('polish-filter-empty.png') });
  await empty.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(app.locator('input.filter')).toHaveValue('');
  await expect(empty).toHaveCount(0);
  await expect.poll(() => app.locator('.tree-row').count()).toBeGreaterThan(3);
});

test('an empty Queue Lab says what to do, in English and in Chinese, and so does an empty Only mine', WEB_ONLY, async ({ webBrowser }, testInfo) => {
  // Its own engine: the shared one keeps runs other specs made.
  const configDir = mkdtempSync(join(tmpdir(), 'forkscope-e2e-polish-'));
  const serve = await startServe(['--interval', '500'], { FORKSCOPE_CONFIG_DIR: configDir });
  const context = await webOnly(webBrowser, 'the browser').newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(serve.url.href);
    await expect(page.locator('.connection.up')).toBeVisible();
    await page.getByRole('tab', { name: 'Queue Lab' }).click();
    const empty = page.getByTestId('lab-empty');
    await expect(empty).toContainText('No run yet');
    await expect(empty).toContainText('press Start');
    await page.screenshot({ path: testInfo.outputPath('polish-lab-empty.png') });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(empty).toContainText('还没有运行');
    await page.screenshot({ path: testInfo.outputPath('polish-lab-empty-zh.png') });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');

    // This engine has started nothing yet, so "Only mine" shows no row: it says why, and one click shows them all.
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect.poll(() => page.locator('.tree-row').count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Only mine' }).click();
    const none = page.getByTestId('no-rows');
    await expect(none).toContainText('Forkscope has started no process yet');
    await page.screenshot({ path: testInfo.outputPath('polish-only-mine-empty.png') });
    await none.getByRole('button', { name: 'Show every process' }).click();
    await expect(none).toHaveCount(0);
    await expect.poll(() => page.locator('.tree-row').count()).toBeGreaterThan(3);
  } finally {
    await context.close();
    await serve.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
});

// The few DOM shapes the page-side function below uses (this project's e2e code is typed without the DOM library).
interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface PageNode {
  textContent: string | null;
}
interface PageElement extends PageNode {
  closest(selector: string): (PageElement & { childNodes: Iterable<PageNode> }) | null;
  getBoundingClientRect(): Rect;
}
declare const document: { createRange(): { selectNodeContents(node: PageNode): void; getClientRects(): ArrayLike<Rect> } };

/** Every visible checkbox: inside its label, its text right beside it, and a click on the text toggles it. */
async function checkLabels(scope: Locator, where: string): Promise<number> {
  const boxes = scope.locator('input[type="checkbox"]:visible');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    const layout = await box.evaluate((element) => {
      const input = element as unknown as PageElement;
      const label = input.closest('label');
      if (!label) return null;
      const text = [...label.childNodes].find((node) => node !== input && (node.textContent ?? '').trim() !== '');
      if (!text) return null;
      const range = document.createRange();
      range.selectNodeContents(text);
      const words = range.getClientRects()[0]!;
      const own = input.getBoundingClientRect();
      return { gap: words.left - own.right, top: words.top, bottom: words.bottom, ownTop: own.top, ownBottom: own.bottom, text: text.textContent };
    });
    expect(layout, `${where}: checkbox ${i} has a label with words`).not.toBeNull();
    const { gap, top, bottom, ownTop, ownBottom, text } = layout!;
    expect(gap, `${where}: "${text}" starts right after its checkbox`).toBeGreaterThanOrEqual(0);
    expect(gap, `${where}: "${text}" starts right after its checkbox`).toBeLessThan(12);
    expect(Math.min(bottom, ownBottom) - Math.max(top, ownTop), `${where}: "${text}" is on the checkbox's line`).toBeGreaterThan(0);
    if (await box.isEnabled()) {
      // A click on the label's far end, away from the box itself, toggles it (and a second puts it back).
      const label = box.locator('xpath=ancestor::label[1]');
      const at = (await label.boundingBox())!;
      const before = await box.isChecked();
      await label.click({ position: { x: at.width - 4, y: at.height / 2 } });
      expect(await box.isChecked(), `${where}: a click on "${text}" toggles it`).toBe(!before);
      await label.click({ position: { x: at.width - 4, y: at.height / 2 } });
      expect(await box.isChecked()).toBe(before);
    }
  }
  return n;
}

test('every checkbox sits beside its label, and its label toggles it', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  expect(await checkLabels(app.locator('.app-header'), 'header')).toBe(1);
  await app.locator('.columns-menu summary').click();
  expect(await checkLabels(app.locator('.columns-menu'), 'columns menu')).toBeGreaterThan(3);
  await app.screenshot({ path: testInfo.outputPath('polish-checkbox-columns.png') });
  await app.locator('.columns-menu summary').click();
  const dialog = await openCommandDialog(app);
  expect(await checkLabels(dialog, 'spawn dialog')).toBe(2);
  await app.screenshot({ path: testInfo.outputPath('polish-checkbox-spawn.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The output's "follow" box, in the details of a process Forkscope started.
  const pid = await spawnCommandLine(app, 'sleep 120');
  try {
    const output = app.getByTestId('output');
    if ((await output.getAttribute('open')) === null) await output.locator('summary').click();
    await expect(output).toHaveAttribute('open', '');
    expect(await checkLabels(output, 'output')).toBe(1);
    await app.screenshot({ path: testInfo.outputPath('polish-checkbox-output.png') });
  } finally {
    process.kill(pid, 'SIGKILL');
  }
  await expect(app.locator(`.tree-row[data-pid="${pid}"]`)).toHaveCount(0, { timeout: 20_000 });

  // Chinese labels are of other lengths: the header's box and the columns' boxes still sit beside their words.
  const language = app.getByRole('combobox', { name: 'Language' });
  await language.selectOption('zh-CN');
  try {
    await expect(app.locator('.app-header h1 + .connection')).toHaveText('实时');
    expect(await checkLabels(app.locator('.app-header'), 'header (zh-CN)')).toBe(1);
    await app.locator('.columns-menu summary').click();
    expect(await checkLabels(app.locator('.columns-menu'), 'columns menu (zh-CN)')).toBeGreaterThan(3);
    await app.screenshot({ path: testInfo.outputPath('polish-checkbox-columns-zh.png') });
    await app.locator('.columns-menu summary').click();
  } finally {
    await app.getByRole('combobox', { name: '语言' }).selectOption('en');
  }
});

test('a page opened without the link says how to get a fresh one, in English and in Chinese', WEB_ONLY, async ({ webBrowser, serve }, testInfo) => {
  const browser = webOnly(webBrowser, 'the browser');
  const origin = webOnly(serve, "the worker's forkscope serve").url.origin;
  for (const [locale, words] of [
    ['en-US', /run forkscope serve again and open the link it prints/],
    ['zh-CN', /再次运行 forkscope serve 并打开它打印的链接/],
  ] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    try {
      const page = await context.newPage();
      // The address without ?token=, as typed into the address bar of a new tab.
      await page.goto(origin + '/');
      const alert = page.getByTestId('disconnected');
      await expect(alert).toContainText(words);
      await expect(alert).toContainText(`${origin}/?token=`);
      await page.screenshot({ path: testInfo.outputPath(`polish-token-${locale}.png`) });
    } finally {
      await context.close();
    }
  }
});
