import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { appRoot, electronBinary, electronSkipReason } from './electron-binary';

/** Lessons run with shortened pauses here; the app runs them at full length. */
const appEnv = { ...process.env, FORKSCOPE_TIME_SCALE: process.env.FORKSCOPE_TIME_SCALE ?? '0.2' };

interface RunningServe {
  url: string;
  process: ChildProcess;
}

/** Starts `forkscope serve --port 0` on the built app and waits for the URL it prints. */
async function startServe(): Promise<RunningServe> {
  const child = spawn(process.execPath, [join(appRoot, 'bin', 'forkscope.js'), 'serve', '--port', '0', '--interval', '500'], {
    cwd: appRoot,
    env: appEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`forkscope serve printed no URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /https?:\/\/\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`forkscope serve exited ${code}:\n${output}`)));
  });
  return { url, process: child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

interface AppFixtures {
  /** The Forkscope UI, in Chromium over `forkscope serve` or in the Electron window. */
  app: Page;
}

interface WorkerFixtures {
  serve: RunningServe | null;
  /** Launched only in the web project, so the electron project never needs a browser binary. */
  webBrowser: Browser | null;
  electronApp: ElectronApplication | null;
}

export const test = base.extend<AppFixtures, WorkerFixtures>({
  serve: [
    async ({}, use, workerInfo) => {
      if (workerInfo.project.name !== 'web') return use(null);
      const serve = await startServe();
      await use(serve);
      await stop(serve.process);
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
    await page.goto(serve!.url);
    await use(page);
    await context.close();
  },
});

export { expect } from '@playwright/test';
