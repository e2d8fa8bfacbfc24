import type { Platform } from '../../shared/model';

/** The platforms Forkscope runs on; anything else is refused at start rather than half-working. */
export function currentPlatform(): Platform {
  const p = process.platform;
  if (p === 'linux' || p === 'darwin' || p === 'win32') return p;
  throw new Error(`Forkscope does not run on ${p}; it supports Linux, macOS and Windows`);
}
