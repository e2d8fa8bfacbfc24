import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Processes the test starts itself (python3 sleeping, with a marker word in its argv the filter finds); all killed at the end. */
const started: ChildProcess[] = [];
test.afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});

async function sleeper(marker: string): Promise<number> {
  const child = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(600)', marker], { stdio: 'ignore' });
  started.push(child);
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  // Its argv holds the marker once python3 has exec'd (the filter matches the command line).
  await expect.poll(() => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(marker)).toBe(true);
  return child.pid!;
}
async function end(pid: number): Promise<void> {
  const child = started.find((c) => c.pid === pid)!;
  child.kill('SIGTERM');
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
}
const row = (app: Page, pid: number) => app.locator(`.tree-row[data-pid="${pid}"]`);
/** The pids of the rows shown, in order (context rows included). */
async function pidsShown(app: Page): Promise<Array<string | null>> {
  const pids: Array<string | null> = [];
  for (const r of await app.locator('.tree-row').all()) pids.push(await r.getAttribute('data-pid'));
  return pids;
}

test.beforeEach(async ({ app }) => {
  await expect(app.locator('.connection.up')).toBeVisible();
});

test('held rows keep their order while the pointer is over them, yet an ended process shows as ended and the view says it is held', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  const marker = `held-${process.pid}-${Date.now()}`;
  const [a, b, c] = [await sleeper(marker), await sleeper(marker), await sleeper(marker)];
  await app.getByRole('searchbox').fill(`cmd:${marker}`);
  for (const pid of [a, b, c]) await expect(row(app, pid).locator('.c-state')).toHaveText('sleeping');
  const before = await pidsShown(app);

  await row(app, a).hover();
  const tree = app.getByRole('treegrid');
  await expect(tree).toHaveAttribute('data-held', 'order');
  await expect(app.getByTestId('held-note')).toHaveText('Held while the pointer is over the rows: order kept, states still update');

  // A newcomer that matches, then B's end: the rows hear of the newcomer first (events come in order), yet keep their order.
  const d = await sleeper(marker);
  await end(b);
  await expect(row(app, b)).toHaveClass(/\bdead\b/);
  await expect(row(app, b).locator('.c-state')).toHaveText(/^(killed \(SIGTERM\)|dead)$/);
  await expect(row(app, b).locator('.c-mem')).toHaveText('—');
  for (const pid of [a, c]) await expect(row(app, pid).locator('.c-state')).toHaveText('sleeping');
  expect(await pidsShown(app)).toEqual(before);
  await expect(row(app, d)).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('held-rows-ended.png') });

  // Past the linger of an ended row, still held: B still says it ended, never its last running state.
  await app.waitForTimeout(4000);
  await expect(row(app, b).locator('.c-state')).toHaveText(/^(killed \(SIGTERM\)|dead)$/);
  expect(await pidsShown(app)).toEqual(before);

  // The pointer leaves: the view is live again, the newcomer shows and the ended row goes.
  await app.mouse.move(1, 1);
  await expect(tree).not.toHaveAttribute('data-held', /./);
  await expect(app.getByTestId('held-note')).toHaveCount(0);
  await expect(row(app, d).locator('.c-state')).toHaveText('sleeping');
  await expect(row(app, b)).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('held-rows-released.png') });
});

test('tags of processes that ended are dropped; clear tags and tag all matches work, and an action reaches what is tagged', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  const marker = `tags-${process.pid}-${Date.now()}`;
  const [a, b, c] = [await sleeper(marker), await sleeper(marker), await sleeper(marker)];
  const other = await sleeper(`untagged-${marker}`);
  await app.getByRole('searchbox').fill(`cmd:${marker} -cmd:untagged`);
  for (const pid of [a, b, c]) await expect(row(app, pid)).toBeVisible();
  const tagged = app.locator('.tree-row.tagged');
  const count = app.locator('.toolbar').getByText(/\d+ tagged/);

  await app.getByRole('button', { name: 'Tag all matches' }).click();
  await expect(count).toHaveText('3 tagged');
  await expect(tagged).toHaveCount(3);

  // One ends: its tag goes with it, and the count says what an action would reach.
  await end(a);
  await expect(count).toHaveText('2 tagged');
  await app.screenshot({ path: testInfo.outputPath('tags-pruned.png') });

  await app.getByRole('button', { name: 'Clear tags' }).click();
  await expect(count).toHaveCount(0);
  await expect(tagged).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'Clear tags' })).toHaveCount(0);

  // Tag all matches again: only the live ones that match (not the other sleeper, which the filter leaves out).
  await app.getByRole('button', { name: 'Tag all matches' }).click();
  await expect(count).toHaveText('2 tagged');
  await end(b);
  await expect(count).toHaveText('1 tagged');

  // Terminate reaches the one tagged process left, not a dead tag and not the other sleeper.
  await app.getByRole('button', { name: 'Terminate' }).click();
  const cChild = started.find((p) => p.pid === c)!;
  await expect.poll(() => cChild.signalCode).toBe('SIGTERM');
  await expect(count).toHaveCount(0);
  expect(() => process.kill(other, 0)).not.toThrow();
  await app.screenshot({ path: testInfo.outputPath('tags-after-terminate.png') });
});
