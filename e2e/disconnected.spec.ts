import { startServe, type ServeProcess } from '../src/main/test-support/serve-process';
import { expect, test, WEB_ONLY, webOnly } from './fixtures';

/** Its own `forkscope serve` (the shared one must outlive this spec), on a port it can be restarted on. */
const TOKEN = 'e2e-disconnected-spec-token';

/** On `port` (0 for a free one) with a fixed token, so a restart on the same port lets the open page reconnect. */
const serve = (port: number): Promise<ServeProcess> => startServe(['--port', String(port), '--interval', '500', '--token', TOKEN]);

test(
  'while the server is away the table dims, actions are off and the page says why; it comes back with the server',
  WEB_ONLY,
  async ({ webBrowser }, testInfo) => {
    const browser = webOnly(webBrowser, 'the browser');
    let first = await serve(0);
    const port = first.port;
    const serves = [first];
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(first.url.href);
      await expect(page.locator('.connection.up')).toBeVisible();
      await expect.poll(() => page.locator('.tree-row').count()).toBeGreaterThan(3);
      await expect(page.locator('.workspace')).not.toHaveClass(/disconnected/);

      await first.stop();
      await expect(page.locator('.workspace.disconnected')).toBeVisible();
      await expect(page.locator('.workspace.disconnected .process-tree')).toHaveCSS('opacity', '0.45');
      await expect(page.getByTestId('disconnected')).toContainText('Not connected to Forkscope');
      await expect(page.getByRole('button', { name: /^Spawn/ })).toBeDisabled();
      await page.screenshot({ path: testInfo.outputPath('disconnected.png') });

      // The same port and token again: the page reconnects by itself and the table is live again.
      first = await serve(port);
      serves.push(first);
      await expect(page.locator('.connection.up')).toBeVisible();
      await expect(page.locator('.workspace')).not.toHaveClass(/disconnected/);
      await expect(page.getByTestId('disconnected')).toHaveCount(0);
    } finally {
      await context.close();
      for (const running of serves) await running.stop();
    }
  },
);
