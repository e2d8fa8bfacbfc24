import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

let child: ChildProcess | undefined;
test.afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

const ioniceOf = (pid: number): string => execFileSync('ionice', ['-p', String(pid)], { encoding: 'utf8' }).trim();
const tasksetOf = (pid: number): string =>
  execFileSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' })
    .trim()
    .split(': ')[1]!;

test('ionice and CPU affinity from the signal menu, read back by ionice and taskset and shown in Details', async ({ app }, testInfo) => {
  test.setTimeout(180_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  const online = readFileSync('/sys/devices/system/cpu/online', 'utf8').trim();
  const lastCpu = Number(online.split(/[-,]/).pop());
  child = spawn('sleep', ['300'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child!.once('spawn', resolve).once('error', reject));
  const pid = child.pid!;
  await app.getByRole('searchbox').fill(`pid:${pid}`);
  const row = app.locator(`.tree-row[data-pid="${pid}"]`);
  await row.click();
  // Details shows what the process has before anything is set: the class it was born with, every online CPU.
  await expect(app.getByTestId('details-io')).toHaveText('none (follows the nice value)');
  await expect(app.getByTestId('details-affinity')).toHaveText(online);

  await row.click({ button: 'right' });
  let menu = app.getByRole('menu');
  await expect(menu.locator('input[name="cpus"]')).toHaveValue(online);
  await menu.locator('select[name="ioClass"]').selectOption('best-effort');
  await menu.locator('input[name="ioLevel"]').fill('6');
  await app.screenshot({ path: testInfo.outputPath('scheduling-menu.png') });
  await menu.getByRole('button', { name: 'Set I/O' }).click();
  await expect(row.locator('.row-notice')).toContainText('I/O priority is now best-effort 6');
  expect(ioniceOf(pid)).toBe('best-effort: prio 6');
  await expect(app.getByTestId('details-io')).toHaveText('best-effort 6');

  await row.click({ button: 'right' });
  menu = app.getByRole('menu');
  await expect(menu.locator('select[name="ioClass"]')).toHaveValue('best-effort');
  await menu.locator('input[name="cpus"]').fill(String(lastCpu));
  await menu.getByRole('button', { name: 'Set CPUs' }).click();
  await expect(row.locator('.row-notice')).toContainText(`may now run on CPU ${lastCpu}`);
  expect(tasksetOf(pid)).toBe(String(lastCpu));
  await expect(app.getByTestId('details-affinity')).toHaveText(String(lastCpu));
  await app.getByTestId('details-affinity').scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath('scheduling-details.png') });

  // What is not a CPU list is said in the menu; a CPU the machine lacks is refused by the engine, on the row.
  await row.click({ button: 'right' });
  menu = app.getByRole('menu');
  await menu.locator('input[name="cpus"]').fill('two');
  await menu.getByRole('button', { name: 'Set CPUs' }).click();
  await expect(menu.getByRole('alert')).toContainText('write CPUs as numbers and ranges');
  await menu.locator('input[name="cpus"]').fill(String(lastCpu + 40));
  await menu.getByRole('button', { name: 'Set CPUs' }).click();
  await expect(row.locator('.row-notice')).toContainText(`CPU ${lastCpu + 40} is not present on this machine`);
  await app.screenshot({ path: testInfo.outputPath('scheduling-no-such-cpu.png') });
  expect(tasksetOf(pid)).toBe(String(lastCpu));
});
