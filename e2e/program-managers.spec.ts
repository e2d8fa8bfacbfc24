import { join } from 'node:path';
import { expect, test } from './fixtures';
import { needsPython, pythonExecutable } from './python';
import { spawnWatchingQueues } from './spawn-dialog';

const program = join(import.meta.dirname, '..', 'src', 'main', 'engine', 'queue-lab', '__fixtures__', 'python_live_managers.py');

test("the Program view draws a program's manager, its queue and a SimpleQueue; Details names the server and a process's proxy calls", async ({
  app,
}, testInfo) => {
  needsPython(testInfo, 'the Python probe needs it');
  test.setTimeout(360_000);
  await spawnWatchingQueues(app, `${pythonExecutable()} ${program} spawn`);

  await app.getByRole('tab', { name: 'Queue Lab' }).click();
  // Programs other specs started on this engine are kept too: this one is named by its script.
  const view = app.getByTestId('program-view').filter({ hasText: 'python_live_managers.py' });
  await expect(view).toBeVisible({ timeout: 120_000 });
  const graph = view.locator('.program-graph svg');
  const manager = graph.locator('[data-node^="manager:"][data-node$="python_live_managers.py:19"]');
  await expect(manager).toBeVisible({ timeout: 120_000 });
  await expect(manager).toContainText('SyncManager python_live_managers.py:19');
  await expect(manager).toContainText(/dict \d+ · Queue \d+/);
  await expect(graph.locator('[data-node^="queue:"][data-node$="python_live_managers.py:21"]')).toContainText('manager Queue');
  await expect(graph.locator('[data-node^="queue:"][data-node$="python_live_managers.py:22"]')).toContainText('SimpleQueue');
  await expect(graph.locator('.program-node.kind-process').filter({ hasText: 'SyncManager-1 · _run_server()' })).toBeVisible();
  await expect(view.locator('[data-manager$="python_live_managers.py:19"]')).toBeVisible();
  await expect(app.locator('[data-queue$="python_live_managers.py:21"] h4')).toContainText(/held by manager \S*python_live_managers\.py:19$/);
  await view.scrollIntoViewIfNeeded();
  await view.screenshot({ path: testInfo.outputPath('program-view-managers.png') });

  // Details of the server process says what it serves; the counter's lists its proxy calls.
  await app.getByRole('tab', { name: 'Processes' }).click();
  await app.getByRole('searchbox', { name: 'Filter' }).fill('python');
  const serverLabel = app.getByTestId('python-label').filter({ hasText: /^SyncManager-1 · _run_server\(\)/ });
  await expect(serverLabel).toBeVisible({ timeout: 120_000 });
  await app.locator('.tree-row').filter({ has: serverLabel }).click();
  await expect(app.getByTestId('python-serves')).toHaveText(
    /^manager \S*python_live_managers\.py:19 \(SyncManager\): 2 shared objects, \d+ proxy calls$/,
  );
  const counterLabel = app.getByTestId('python-label').filter({ hasText: /^counter · count\(\)/ });
  await app.locator('.tree-row').filter({ has: counterLabel }).click();
  await expect(app.getByTestId('python-proxy-calls')).toContainText(/dict \S*python_live_managers\.py:20: \d+ calls/);
  await expect(app.getByTestId('python-proxy-calls')).toContainText(/Queue \S*python_live_managers\.py:21: \d+ calls/);
  await app.locator('.python-section').scrollIntoViewIfNeeded();
  await app.locator('.python-section').screenshot({ path: testInfo.outputPath('details-proxy-calls.png') });
});
