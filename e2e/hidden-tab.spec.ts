import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, WEB_ONLY, webOnly } from './fixtures';

let busy: ChildProcess | undefined;
test.afterEach(() => {
  busy?.kill('SIGKILL');
  busy = undefined;
});

/** Headless Chromium keeps every page visible; the page is told it is hidden the way a browser tells it (visibilityState and the event). */
const setVisibility = (state: 'hidden' | 'visible') =>
  `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' }); document.dispatchEvent(new Event('visibilitychange'));`;

test(
  'a hidden tab asks the engine for the header and Problems only, and gets the table back when shown',
  WEB_ONLY,
  async ({ serve, webBrowser }, testInfo) => {
    test.setTimeout(90_000);
    busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
    await new Promise((resolve, reject) => busy!.once('spawn', resolve).once('error', reject));
    const context = await webOnly(webBrowser, 'the browser').newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const sent: string[] = [];
      /** What the page received of the live table, in order: ticks (system) and the busy process's CPU in samples. */
      const received: Array<'tick' | 'cpu' | 'keyframe'> = [];
      page.on('websocket', (ws) => {
        ws.on('framesent', (frame) => sent.push(String(frame.payload)));
        ws.on('framereceived', (frame) => {
          const message = JSON.parse(String(frame.payload)) as { stream?: string; payload?: { events?: Array<Record<string, unknown>> } };
          if (message.stream !== 'engine:events') return;
          for (const event of message.payload?.events ?? []) {
            if (event.type === 'system') received.push('tick');
            if (event.type === 'keyframe') received.push('keyframe');
            const changes = (event.changes ?? []) as Array<{ pid: number; cpuPercent?: number }>;
            if (event.type === 'sample' && changes.some((c) => c.pid === busy!.pid && c.cpuPercent !== undefined)) received.push('cpu');
          }
        });
      });
      await page.goto(webOnly(serve, "the worker's forkscope serve").url.href);
      await page.getByRole('searchbox').fill(`pid:${busy.pid}`);
      await expect(page.locator(`.tree-row[data-pid="${busy.pid}"]`)).toBeVisible();
      await expect.poll(() => received.filter((r) => r === 'cpu').length).toBeGreaterThan(1);

      await page.evaluate(setVisibility('hidden'));
      await expect.poll(() => sent.some((text) => text.includes('"detail":"summary"'))).toBe(true);
      // Once the request is in, several ticks come (the header stays live) without the busy process's CPU.
      const hiddenFrom = received.length;
      await expect.poll(() => received.slice(hiddenFrom).filter((r) => r === 'tick').length, { timeout: 30_000 }).toBeGreaterThan(6);
      // The tick or two under way when the page asked may still carry metrics: what came after the second tick may not.
      const hidden = received.slice(hiddenFrom);
      let ticks = 0;
      const afterRequest = hidden.slice(hidden.findIndex((r) => r === 'tick' && ++ticks === 2) + 1);
      expect(afterRequest.filter((r) => r === 'tick').length).toBeGreaterThan(2);
      expect(afterRequest).not.toContain('cpu');

      // Counted from before the page is told: the host answers its request at once, maybe before evaluate returns.
      const shownFrom = received.length;
      await page.evaluate(setVisibility('visible'));
      await expect.poll(() => received.slice(shownFrom).includes('keyframe')).toBe(true);
      await expect.poll(() => received.slice(shownFrom).filter((r) => r === 'cpu').length, { timeout: 30_000 }).toBeGreaterThan(1);
      await expect(page.locator(`.tree-row[data-pid="${busy.pid}"]`)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('shown-again.png') });
    } finally {
      await context.close();
    }
  },
);
