// bench/ui: the renderer in Chromium against a synthetic host (the same contract as the engine), at 5,000 and
// 20,000 processes, with a 500-process anchor run alongside. Measures, as medians: the main-thread time one update
// costs (5 % of the rows changed; DevTools' Performance.getMetrics, script + style + layout; target under 4 ms at
// 5,000 and under 8 ms at 20,000), the script time of an idle tick (5 % changed, none of them in view; target under
// 0.5 ms), the time from sending an update until it is in the DOM, frame times while scrolling, and the JS heap.
// `npm run bench -- ui [--json] [--processes N[,N…]] [--updates N] [--renderer DIR]` (DIR: another build's out/renderer)
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { startHost } from '../src/main/host/server';
import { median } from './lib/population';
import { SyntheticHost } from './lib/synthetic-host';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    processes: { type: 'string', default: '5000,20000' },
    updates: { type: 'string', default: '15' },
    renderer: { type: 'string' },
  },
});
const sizes = values.processes.split(',').map(Number);
const updates = Number(values.updates);
if (sizes.some((n) => !Number.isInteger(n) || n < 10) || !Number.isInteger(updates) || updates < 1) {
  process.stderr.write('bench ui: --processes takes whole numbers of at least 10 (comma-separated), --updates a positive whole number\n');
  process.exit(2);
}
const TARGET_UPDATE_MS: Record<number, number> = { 5000: 4, 20000: 8 };
const TARGET_IDLE_MS = 0.5;
/** Longer than the renderer's gap between redraws (500 ms), so no update waits behind the one before. */
const SETTLE_MS = 700;
/** Longest wait for one update to reach the DOM before the run is called failed (a bench never hangs). */
const UPDATE_WAIT_MS = 10_000;
const browser = await chromium.launch(chromiumLaunchOptions(['--enable-precise-memory-info']));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openHost(size: number) {
  const feed = new SyntheticHost(size);
  const host = await startHost({ engine: feed, port: 0, staticDir: values.renderer });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('crash', () => process.stderr.write('bench ui: the page crashed\n'));
  page.on('pageerror', (error) => process.stderr.write(`bench ui: page error: ${error.message}\n`));
  await page.goto(host.url);
  await page.waitForSelector('.tree-row');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await sleep(1000);
  return { feed, host, page, cdp, close: async () => (await page.close(), await host.close()) };
}

/** Main-thread seconds so far: all of it (task) and the script part. */
async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: value('TaskDuration'), script: value('ScriptDuration') };
}

/** One update: the main-thread time it cost, and the time from sending it until React put it in the DOM. */
async function timeUpdate(page: Page, cdp: CDPSession, feed: SyntheticHost): Promise<{ taskMs: number; scriptMs: number; latencyMs: number }> {
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
  const before = await mainThread(cdp);
  const start = Date.now();
  feed.update(0.05);
  const end = (await page.evaluate('window.__benchUpdate')) as number | null;
  if (end === null) throw new Error(`bench ui: an update did not reach the DOM within ${UPDATE_WAIT_MS} ms`);
  await sleep(SETTLE_MS);
  const after = await mainThread(cdp);
  return { taskMs: (after.task - before.task) * 1000, scriptMs: (after.script - before.script) * 1000, latencyMs: end - start };
}

/** Script time of ticks that change nothing in view (measured over a few, since each is too short to time alone). */
async function timeIdleTicks(cdp: CDPSession, feed: SyntheticHost): Promise<number[]> {
  const perTick: number[] = [];
  for (let i = 0; i < updates; i++) {
    const before = await mainThread(cdp);
    feed.idleUpdate(0.05);
    await sleep(SETTLE_MS);
    const after = await mainThread(cdp);
    perTick.push((after.script - before.script) * 1000);
  }
  return perTick;
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

async function measure(size: number) {
  const open = await openHost(size);
  try {
    const samples = [];
    for (let i = 0; i < updates; i++) samples.push(await timeUpdate(open.page, open.cdp, open.feed));
    const idle = await timeIdleTicks(open.cdp, open.feed);
    const result = {
      processes: size,
      updateTaskMs: median(samples.map((s) => s.taskMs)),
      updateScriptMs: median(samples.map((s) => s.scriptMs)),
      updateLatencyMs: median(samples.map((s) => s.latencyMs)),
      idleTickScriptMs: median(idle),
    };
    const scroll = await measureScroll(open.page);
    const heap = (await open.page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : null')) as number | null;
    const sorted = [...scroll.frames].sort((a, b) => a - b);
    return {
      ...result,
      scrollFrameMedianMs: median(scroll.frames),
      scrollFrameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      longTasksOver50ms: scroll.longTasks.filter((d) => d > 50).length,
      jsHeapMiB: heap === null ? null : heap / 1024 / 1024,
    };
  } finally {
    await open.close();
  }
}

try {
  const anchor = await measure(500);
  const runs = [];
  for (const size of sizes) runs.push(await measure(size));
  const result = { bench: 'ui', renderer: values.renderer ?? 'out/renderer', anchor, runs };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const f = (n: number) => n.toFixed(2).padStart(7);
    const lines = [
      `renderer ${result.renderer} (synthetic host, same contract), medians of ${updates}; anchor: 500 processes, ` +
        `update ${f(anchor.updateTaskMs)} ms main thread, idle tick ${f(anchor.idleTickScriptMs)} ms script`,
    ];
    for (const r of runs) {
      const target = TARGET_UPDATE_MS[r.processes];
      lines.push(
        `${r.processes} processes`,
        `  update, 5 % of rows changed      ${f(r.updateTaskMs)} ms main thread (${f(r.updateScriptMs)} ms script)   ` +
          `${(r.updateTaskMs / anchor.updateTaskMs).toFixed(2)} × the anchor` +
          (target ? `; ${(r.updateTaskMs / target).toFixed(2)} × the ${target} ms target` : ''),
        `  idle tick (nothing in view)      ${f(r.idleTickScriptMs)} ms script   ${(r.idleTickScriptMs / TARGET_IDLE_MS).toFixed(2)} × the ${TARGET_IDLE_MS} ms target`,
        `  sent → in the DOM                ${f(r.updateLatencyMs)} ms`,
        `  scroll frame                     ${f(r.scrollFrameMedianMs)} ms   ${(1000 / r.scrollFrameMedianMs).toFixed(0)} fps, ` +
          `p95 ${r.scrollFrameP95Ms.toFixed(1)} ms, ${r.longTasksOver50ms} tasks over 50 ms`,
        `  JS heap                          ${r.jsHeapMiB === null ? '    n/a' : f(r.jsHeapMiB)} MiB`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
} finally {
  await browser.close();
}
