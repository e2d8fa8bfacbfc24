import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openCommandDialog } from './spawn-dialog';

/** Waits for the file a spawned program writes, then reads it. */
async function fileText(file: string): Promise<string> {
  await expect.poll(() => readFileSync(file, { encoding: 'utf8', flag: 'a+' })).toMatch(/\n$/);
  return readFileSync(file, 'utf8');
}

test('one command line split as a shell splits words: quotes and backslashes, shown as argv before it runs', async ({ app }, testInfo) => {
  const file = testInfo.outputPath('argv.txt');
  const dialog = await openCommandDialog(app);
  // A program that writes each argument it gets on a line of its own.
  await dialog.locator('input[name="commandLine"]').fill(`sh -c 'printf "%s\\n" "$@" > ${file}' sh 'a b' "c d" e\\ f`);
  const preview = dialog.getByTestId('argv-preview');
  await expect(preview.locator('li code')).toHaveText(['sh', '-c', `printf "%s\\n" "$@" > ${file}`, 'sh', 'a b', 'c d', 'e f']);
  // The $@ and > are the script's, quoted for sh -c, and reach it literally: the hint says no shell runs this line.
  await expect(dialog.locator('.argv-preview .hint')).toContainText('no shell runs');
  await app.screenshot({ path: testInfo.outputPath('spawn-dialog-argv.png') });
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  expect((await fileText(file)).split('\n')).toEqual(['a b', 'c d', 'e f', '']);
});

test('a command with its arguments in one field starts, and a missing program is named', async ({ app }) => {
  let dialog = await openCommandDialog(app);
  await dialog.locator('input[name="commandLine"]').fill('sleep 30');
  await expect(dialog.getByTestId('argv-preview').locator('li code')).toHaveText(['sleep', '30']);
  await expect(dialog.locator('.argv-preview .hint')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(app.locator('.details h2')).toContainText('sleep');
  await expect(app.getByTestId('details-cmd')).toHaveText('sleep 30');
  await app.getByRole('button', { name: 'Kill', exact: true }).click();

  dialog = await openCommandDialog(app);
  await dialog.locator('input[name="commandLine"]').fill('no-such-forkscope-program --flag');
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('no-such-forkscope-program was not found');
  // A line that cannot be split says why and starts nothing.
  await dialog.locator('input[name="commandLine"]').fill(`echo 'unclosed`);
  await expect(dialog.locator('.argv-problem')).toContainText('quote is not closed');
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('quote is not closed');
});

test('"Run through sh -c" hands the whole line to a shell, so variables, arithmetic and redirections work', async ({ app }, testInfo) => {
  const file = testInfo.outputPath('shell.txt');
  const dialog = await openCommandDialog(app);
  await dialog.locator('input[name="commandLine"]').fill(`echo $((40 + 2)) ~ > ${file}`);
  await expect(dialog.locator('.argv-preview .hint')).toBeVisible();
  await dialog.locator('input[name="throughShell"]').check();
  await expect(dialog.getByTestId('argv-preview').locator('li code')).toHaveText(['sh', '-c', `echo $((40 + 2)) ~ > ${file}`]);
  await expect(dialog.locator('.argv-preview .hint')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Spawn', exact: true }).click();
  await expect(dialog).toBeHidden();
  const [answer, home] = (await fileText(file)).trim().split(' ');
  expect(answer).toBe('42');
  expect(home).not.toBe('~');
});
