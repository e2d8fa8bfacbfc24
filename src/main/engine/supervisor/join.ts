import type { ExitInfo } from '../../../shared/supervision';

/** Waits for an exit, or for the timeout; null means still running. The timer never outlives the wait. */
export async function waitForExit(exited: Promise<ExitInfo>, timeoutMs?: number): Promise<ExitInfo | null> {
  if (timeoutMs === undefined) return exited;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
