import { join } from 'node:path';
import { expect, test } from './fixtures';
import { needsPython, pythonExecutable } from './python';
import { spawnWatchingQueues } from './spawn-dialog';

const program = join(import.meta.dirname, '..', 'src', 'main', 'engine', 'queue-lab', '__fixtures__', 'python_live_program.py');

test('the Program view draws a probed Python program, and the tree and Details name its processes', async ({ app }, testInfo) => {
  needsPython(testInfo, 'the Python probe needs it');
  test.setTimeout(360_000);
  await spawnWatchingQueues(app, `${pythonExecutable()} ${program} fork`);

  // The tree names a child as multiprocessing does, and Details has its Python section.
  await app.getByRole('searchbox', { name: 'Filter' }).fill('python_live_program');
  const producerLabel = app.getByTestId('python-label').filter({ hasText: /^producer · produce\(\) \S*python_live_program\.py:8$/ });
  await expect(producerLabel).toBeVisible({ timeout: 120_000 });
  await app.locator('.tree-row').filter({ has: producerLabel }).click();
  await expect(app.getByTestId('python-target')).toHaveText(/^__main__\.produce \(\S*python_live_program\.py:8\)$/);

  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  // Programs other specs started on this engine are kept too: this one is named by its script.
  const view = app.getByTestId('program-view').filter({ hasText: 'python_live_program.py' });
  await expect(view).toBeVisible({ timeout: 120_000 });
  const graph = view.locator('.program-graph svg');
  await expect(graph.locator('[data-node^="queue:"][data-node$="python_live_program.py:32"]')).toBeVisible();
  await expect(graph.locator('[data-node^="lock:"][data-node$="python_live_program.py:33"]')).toBeVisible();
  await expect(graph.locator('[data-node^="pipe:"][data-node$="python_live_program.py:34"]')).toBeVisible();
  await expect(graph.locator('[data-node^="pool:"][data-node$="python_live_program.py:40"]')).toBeVisible();
  await expect(graph.locator('.program-node.kind-process').filter({ hasText: 'echoer · echo()' })).toBeVisible();
  await expect(graph.locator('.program-edge')).not.toHaveCount(0);
  await expect(view.locator('[data-pool$="python_live_program.py:40"]')).toBeVisible();
  await expect(view.locator('[data-lock$="python_live_program.py:33"]')).toBeVisible();
  // A wide graph scrolls inside its figure: the view, and the runs beside it, stay as wide as their panel.
  const panel = await app.locator('.lab-runs').boundingBox();
  const viewBox = await view.boundingBox();
  expect(viewBox!.x + viewBox!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
  await view.scrollIntoViewIfNeeded();
  await view.screenshot({ path: testInfo.outputPath('program-view.png') });
});
