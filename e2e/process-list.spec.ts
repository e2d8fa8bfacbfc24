import { expect, test } from './fixtures';

test('shows the live process list, its own engine process included', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  const engine = app.getByTestId('engine-pid');
  await expect(engine).toBeVisible();
  const enginePid = await engine.getAttribute('data-pid');
  expect(Number(enginePid)).toBeGreaterThan(1);

  const table = app.locator('table.process-table');
  const ownRow = table.locator(`tr[data-pid="${enginePid}"]`);
  await expect(ownRow).toBeVisible();
  await expect(ownRow.locator('.badge.self')).toBeVisible();
  await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(3);
  await app.screenshot({ path: testInfo.outputPath('process-list.png') });
});
