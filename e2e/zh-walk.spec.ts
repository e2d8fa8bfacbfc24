import type { Locator, Page } from '@playwright/test';
import { latinWordRuns } from '../src/shared/chinese-style';
import { expect, test } from './fixtures';

/** Names and identifiers that stay as they are in Chinese text. */
const ALLOW = [
  'Forkscope',
  'Python',
  'Node',
  'node',
  'python',
  'Queue',
  'Lab',
  'MainThread',
  'init',
  'pid',
  'ppid',
  'SIGTERM',
  'SIGKILL',
  'CPU',
  'PR_SET_CHILD_SUBREAPER',
];

/**
 * The visible text of a part of the page, line by line, leaving out code (the lesson's source, command lines,
 * what the program wrote), preformatted output, options, paths (.mono) and links to processes (their names are data).
 */
async function visibleText(region: Locator): Promise<string[]> {
  return region.evaluate((root) => {
    // Typed by hand: the e2e build has no DOM library. 4 is NodeFilter.SHOW_TEXT.
    interface TextNode {
      textContent: string | null;
      parentElement: { closest(selector: string): unknown; checkVisibility(options: object): boolean } | null;
    }
    const page = (root as unknown as { ownerDocument: { createTreeWalker(root: unknown, show: number): { nextNode(): TextNode | null } } })
      .ownerDocument;
    const walker = page.createTreeWalker(root, 4);
    const lines: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, pre, kbd, samp, option, textarea, .mono, .cmdline, button.link')) continue;
      if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const text = node.textContent?.trim();
      if (text) lines.push(text);
    }
    return lines;
  });
}

/**
 * Runs of two or more Latin words, with where they were: what a translation left in English. Process names
 * (`npm exec playwright`, a machine's own) are data, wherever a sentence names them: they are left out.
 */
async function englishLeft(region: Locator, where: string, processNames: readonly string[] = []): Promise<string[]> {
  const names = [...processNames].sort((a, b) => b.length - a.length);
  const lines = (await visibleText(region)).map((line) => names.reduce((text, name) => text.split(name).join('§'), line));
  expect(lines.length, `${where} shows text`).toBeGreaterThan(0);
  return lines.flatMap((line) => latinWordRuns(line, ALLOW).map((run) => `${where}: "${run}" in "${line}"`));
}

/** Names of the processes the page shows: the tree's rows and the links to processes. */
async function shownProcessNames(app: Page): Promise<string[]> {
  const rows = await app.locator('.tree-row .c-name').allInnerTexts();
  const links = await app.locator('button.link').allInnerTexts();
  const names = [...rows, ...links.map((text) => text.replace(/\s*\(\d+\)$/, ''))].map((name) => name.trim().split('\n')[0]!.trim());
  return [...new Set(names.filter((name) => /\s/.test(name)))];
}

test('in 简体中文, a lesson run, the event log and Details read as Chinese: no English left outside code, pids and units', async ({
  app,
}, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  // The walk sees English where there is some: the same lesson in English has runs of Latin words.
  await app.getByRole('tab', { name: 'Lessons' }).click();
  await app.locator('button[data-lesson="orphan"]').click();
  expect(await englishLeft(app.locator('.lesson'), 'lesson in English')).not.toEqual([]);
  await app.getByLabel('Language').selectOption('zh-CN');
  try {
    await app.getByRole('tab', { name: '课程' }).click();
    await app.locator('button[data-lesson="orphan"]').click();
    const lesson = app.locator('.lesson');
    await expect(lesson.getByRole('heading', { level: 2 })).toHaveText('8. 孤儿进程');
    // The node engine: this test needs no Python.
    await lesson.locator('select[name="engine"]').selectOption('node');
    await lesson.getByRole('button', { name: '运行', exact: true }).click();
    const outcome = lesson.getByTestId('lesson-outcome');
    await expect(outcome).toContainText('观察到了预期结果', { timeout: 30_000 });
    // The check's sentences, in Chinese, with their source.
    await expect(outcome).toContainText('[引擎]');
    await expect(outcome).toContainText('作为子收割者收养并回收了它');
    await expect(lesson.locator('.lesson-timeline')).toContainText('成为孤儿');
    await app.screenshot({ path: testInfo.outputPath('zh-lesson-orphan.png'), fullPage: true });
    const left = await englishLeft(lesson, 'lesson');

    // The event log and Details of a process.
    await app.getByRole('tab', { name: '进程' }).click();
    await app.locator('.tree-row').first().click();
    const details = app.getByRole('complementary', { name: '详情' });
    await expect(details).toBeVisible();
    await app.getByRole('tab', { name: '事件日志' }).click();
    const log = app.getByRole('region', { name: '事件日志' });
    await expect(log).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath('zh-details-log.png') });
    const names = await shownProcessNames(app);
    left.push(...(await englishLeft(details, 'Details', names)), ...(await englishLeft(log, 'event log', names)));

    // The Spawn dialog's workloads, described in Chinese (the options are the descriptions, so they are read here).
    await app.getByRole('button', { name: '启动进程…' }).click();
    const dialog = app.getByRole('dialog', { name: '启动进程' });
    const workloads = await dialog.locator('select[name="workload"] option').allInnerTexts();
    expect(workloads.length).toBeGreaterThan(5);
    left.push(...workloads.flatMap((text) => latinWordRuns(text, ALLOW).map((run) => `Spawn dialog: "${run}" in "${text}"`)));
    await expect(dialog.locator('select[name="workload"] option[value="sleep"]')).toHaveText('sleep — 等待一段时间，然后以 0 退出');
    await expect(dialog).toContainText('参数：[秒数=60]');
    left.push(...(await englishLeft(dialog, 'Spawn dialog')));
    await app.screenshot({ path: testInfo.outputPath('zh-spawn-dialog.png') });
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(left).toEqual([]);
  } finally {
    await app.getByLabel('语言').selectOption('en');
  }
});
