import { expect, test } from './fixtures';

test('shows the live process tree, its own engine process included', async ({ app }, testInfo) => {
  await expect(app.locator('.connection.up')).toBeVisible();
  const engine = app.getByTestId('engine-pid');
  await expect(engine).toBeVisible();
  const enginePid = await engine.getAttribute('data-pid');
  expect(Number(enginePid)).toBeGreaterThan(1);
  await expect.poll(async () => Number(await app.getByTestId('process-count').textContent())).toBeGreaterThan(3);
  await expect.poll(() => app.locator('.tree-row').count()).toBeGreaterThan(3);
  // The header says how the table is read: on Linux natively, from /proc.
  await expect(app.getByTestId('table-reader')).toHaveAttribute('data-reader', 'native');
  await expect(app.getByTestId('table-reader')).toContainText('/proc');
  // And where the table's shape comes from: kernel process events here (Linux, no PID namespace), with the reason.
  await expect(app.getByTestId('lifecycle-mode')).toHaveAttribute('data-mode', 'events');
  await expect(app.getByTestId('lifecycle-mode')).toHaveAttribute('title', /proc connector/);
  await app.screenshot({ path: testInfo.outputPath('explorer.png') });

  await app.getByRole('searchbox').fill(`pid:${enginePid}`);
  const ownRow = app.locator(`.tree-row[data-pid="${enginePid}"]`);
  await expect(ownRow).toBeVisible();
  await expect(ownRow.locator('.badge.self')).toBeVisible();
  await expect(ownRow).not.toHaveClass(/context/);
});
