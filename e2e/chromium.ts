import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

// Debian's Chromium where it exists (Playwright's own browser cannot be downloaded here).
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Flags for a headless Chromium in a container as root, with nothing running in the background to disturb a test or a bench. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** How the e2e web project and `npm run bench -- ui` launch Chromium; `extraArgs` go after the shared flags. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { ...(systemChromium ? { executablePath: systemChromium } : {}), args: [...CHROMIUM_ARGS, ...extraArgs] };
}
