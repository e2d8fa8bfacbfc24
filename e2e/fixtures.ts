import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../src/main/test-support/serve-process';
import { appRoot, electronBinary, electronSkipReason } from './electron-binary';

/** Lessons run with shortened pauses here; the app runs them at full length. */
const appEnv = { ...process.env, FORKSCOPE_TIME_SCALE: process.env.FORKSCOPE_TIME_SCALE ?? '0.2' };

interface AppFixtures {
  /** The Forkscope UI, in Chromium over `forkscope serve` or in the Electron window. */
  app: Page;
}

interface WorkerFixtures {
  serve: ServeProcess | null;
  /** Launched only in the web project, so the electron project never needs a browser binary. */
  webBrowser: Browser | null;
  electronApp: ElectronApplication | null;
}

export const test = base.extend<AppFixtures, WorkerFixtures>({
  serve: [
    async ({}, use, workerInfo) => {
      if (workerInfo.project.name !== 'web') return use(null);
      // Settings of its own: a person's (or another run's) settings file must neither steer these specs nor be changed by them.
      const configDir = mkdtempSync(join(tmpdir(), 'forkscope-e2e-config-'));
      const serve = await startServe(['--interval', '500'], { ...appEnv, FORKSCOPE_CONFIG_DIR: configDir });
      await use(serve);
      await serve.stop();
      rmSync(configDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  webBrowser: [
    async ({ playwright }, use, workerInfo) => {
      if (workerInfo.project.name !== 'web') return use(null);
      const browser = await playwright.chromium.launch(workerInfo.project.use.launchOptions ?? {});
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  electronApp: [
    async ({}, use, workerInfo) => {
      if (workerInfo.project.name !== 'electron' || 'missing' in electronBinary) return use(null);
      const app = await _electron.launch({ executablePath: electronBinary.path, args: [appRoot], cwd: appRoot, env: appEnv });
      await use(app);
      await app.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ serve, electronApp, webBrowser }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      // Skipped with its reason, also printed once by global-setup: no Electron binary on this machine.
      testInfo.skip(electronSkipReason !== null, electronSkipReason ?? '');
      await use(await electronApp!.firstWindow());
      return;
    }
    const context = await webBrowser!.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(serve!.url.href);
    await use(page);
    await context.close();
  },
});

/** Specs that drive Chromium against a forkscope serve (their own or the worker's): the electron project leaves them out. */
export const WEB_ONLY = { tag: '@web-only' };

/** What the web project's worker provides, to a WEB_ONLY spec; null means the spec ran in a project it is not for. */
export function webOnly<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is only there in the web project; tag the spec WEB_ONLY so the electron project leaves it out`);
  return value;
}

export { expect } from '@playwright/test';
