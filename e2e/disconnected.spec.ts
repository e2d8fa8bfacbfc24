import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from './electron-binary';
import { expect, test } from './fixtures';

/** Its own `forkscope serve` (the shared one must outlive this spec), on a port it can be restarted on. */
const TOKEN = 'e2e-disconnected-spec-token';

async function serve(port: number): Promise<{ child: ChildProcess; url: string }> {
  const args = ['serve', '--port', String(port), '--interval', '500', '--token', TOKEN];
  const child = spawn(process.execPath, [join(appRoot, 'bin', 'forkscope.js'), ...args], {
    cwd: appRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`forkscope serve printed no URL:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /https?:\/\/\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`forkscope serve exited ${code}:\n${output}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

test('while the server is away the table dims, actions are off and the page says why; it comes back with the server', async ({
  webBrowser,
}, testInfo) => {
  // webBrowser is null outside the web project, and asking for it launches nothing there.
  test.skip(webBrowser === null, 'needs forkscope serve in a browser, which only the web project runs');
  const browser = webBrowser!;
  let first = await serve(0);
  const port = Number(new URL(first.url).port);
  const children = [first.child];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(first.url);
    await expect(page.locator('.connection.up')).toBeVisible();
    await expect.poll(() => page.locator('.tree-row').count()).toBeGreaterThan(3);
    await expect(page.locator('.workspace')).not.toHaveClass(/disconnected/);

    await stop(first.child);
    await expect(page.locator('.workspace.disconnected')).toBeVisible();
    await expect(page.locator('.workspace.disconnected .process-tree')).toHaveCSS('opacity', '0.45');
    await expect(page.getByTestId('disconnected')).toContainText('Not connected to Forkscope');
    await expect(page.getByRole('button', { name: /^Spawn/ })).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('disconnected.png') });

    // The same port and token again: the page reconnects by itself and the table is live again.
    first = await serve(port);
    children.push(first.child);
    await expect(page.locator('.connection.up')).toBeVisible();
    await expect(page.locator('.workspace')).not.toHaveClass(/disconnected/);
    await expect(page.getByTestId('disconnected')).toHaveCount(0);
  } finally {
    await context.close();
    for (const child of children) await stop(child);
  }
});
