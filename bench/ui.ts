// bench/ui: the renderer in Chromium against a synthetic host of 5,000 processes (the same
// contract as the engine). Measures, as medians: applying one update in which 5 % of the rows
// changed (target under 16 ms), frame times while scrolling (target 60 fps, no task over 50 ms),
// and the renderer's JS heap. The anchor is the same update on a 500-process host, run alongside.
// `npm run bench -- ui [--json] [--processes N] [--renderer DIR]` (DIR: another build's out/renderer, to compare builds with one harness)
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { startHost } from '../src/main/host/server';
import { median } from './lib/population';
import { SyntheticHost } from './lib/synthetic-host';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    processes: { type: 'string', default: '5000' },
    updates: { type: 'string', default: '25' },
    renderer: { type: 'string' },
  },
});
const count = Number(values.processes);
const updates = Number(values.updates);
const browser = await chromium.launch(chromiumLaunchOptions(['--enable-precise-memory-info']));

async function openHost(size: number) {
  const feed = new SyntheticHost(size);
  const host = await startHost({ engine: feed, port: 0, staticDir: values.renderer });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('crash', () => process.stderr.write('bench ui: the page crashed\n'));
  page.on('pageerror', (error) => process.stderr.write(`bench ui: page error: ${error.message}\n`));
  await page.goto(host.url);
  await page.waitForSelector('.tree-row');
  await page.waitForTimeout(300);
  return { feed, host, page };
}

/** Longest wait for one update to reach the DOM before the run is called failed (a bench never hangs). */
const UPDATE_WAIT_MS = 10_000;

/** Time from sending an update until React has put it in the DOM (the page's clock, same machine). */
async function timeUpdate(page: Page, feed: SyntheticHost): Promise<number> {
  // Page code goes in as text: tsx's name helpers do not exist inside the page. The observer is installed before
  // the update leaves (the first evaluate returns only then), so a busy machine cannot make the bench miss it.
  await page.evaluate(`window.__benchUpdate = new Promise((resolve) => {
    const body = document.querySelector('.tree-body');
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve(performance.timeOrigin + performance.now());
    });
    observer.observe(body, { subtree: true, characterData: true, childList: true });
    setTimeout(() => { observer.disconnect(); resolve(null); }, ${UPDATE_WAIT_MS});
  }), undefined`);
  const start = Date.now();
  feed.update(0.05);
  const end = (await page.evaluate('window.__benchUpdate')) as number | null;
  if (end === null) throw new Error(`bench ui: an update did not reach the DOM within ${UPDATE_WAIT_MS} ms`);
  return end - start;
}

async function measureUpdates(size: number): Promise<{ page: Page; close: () => Promise<void>; medianMs: number }> {
  const { feed, host, page } = await openHost(size);
  const times: number[] = [];
  for (let i = 0; i < updates; i++) times.push(await timeUpdate(page, feed));
  return { page, medianMs: median(times), close: async () => (await page.close(), await host.close()) };
}

async function measureScroll(page: Page): Promise<{ frames: number[]; longTasks: number[] }> {
  return page.evaluate(`new Promise((resolve) => {
    const body = document.querySelector('.tree-body');
    const frames = [];
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    try { observer.observe({ type: 'longtask', buffered: false }); } catch {}
    let last = performance.now();
    const until = last + 2000;
    function step(now) {
      frames.push(now - last);
      last = now;
      body.scrollTop += 240;
      if (body.scrollTop + body.clientHeight >= body.scrollHeight) body.scrollTop = 0;
      if (now < until) requestAnimationFrame(step);
      else { observer.disconnect(); resolve({ frames: frames.slice(1), longTasks }); }
    }
    requestAnimationFrame(step);
  })`) as Promise<{ frames: number[]; longTasks: number[] }>;
}

try {
  const anchor = await measureUpdates(Math.round(count / 10));
  await anchor.close();
  const big = await measureUpdates(count);
  const scroll = await measureScroll(big.page);
  const heap = (await big.page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : null')) as number | null;
  await big.close();
  const frameMedian = median(scroll.frames);
  const sorted = [...scroll.frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const result = {
    bench: 'ui',
    processes: count,
    updateMedianMs: big.medianMs,
    anchorProcesses: Math.round(count / 10),
    anchorUpdateMedianMs: anchor.medianMs,
    updateVsAnchor: big.medianMs / anchor.medianMs,
    updateVsBudget16ms: big.medianMs / 16,
    scrollFrameMedianMs: frameMedian,
    scrollFrameP95Ms: p95,
    scrollFps: 1000 / frameMedian,
    longTasksOver50ms: scroll.longTasks.filter((d) => d > 50).length,
    jsHeapMiB: heap === null ? null : heap / 1024 / 1024,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `renderer with ${count} processes (synthetic host, same contract), medians`,
        `  update, 5 % of rows changed      ${result.updateMedianMs.toFixed(1).padStart(6)} ms   ${result.updateVsAnchor.toFixed(2)} × the ` +
          `${result.anchorProcesses}-process anchor (${result.anchorUpdateMedianMs.toFixed(1)} ms); ${result.updateVsBudget16ms.toFixed(2)} × the 16 ms target`,
        `  scroll frame                     ${frameMedian.toFixed(1).padStart(6)} ms   ${result.scrollFps.toFixed(0)} fps, p95 ${p95.toFixed(1)} ms, ${result.longTasksOver50ms} tasks over 50 ms`,
        `  JS heap                          ${result.jsHeapMiB === null ? '   n/a' : result.jsHeapMiB.toFixed(1).padStart(6)} MiB`,
      ].join('\n') + '\n',
    );
  }
} finally {
  await browser.close();
}
