/**
 * Wire protocol between Forkscope and its daemon watchdog (resources/workloads/daemon-watchdog.js):
 * one text frame per line, `fsw/1 add PGID` or `fsw/1 remove PGID`. The watchdog checks the
 * version of every frame and ignores others. End of file on the watchdog's stdin means Forkscope
 * is gone.
 */
export const DAEMON_WATCHDOG_VERSION = 'fsw/1';

export function watchdogFrame(action: 'add' | 'remove', pgid: number): string {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`not a process group a daemon can have: ${pgid}`);
  return `${DAEMON_WATCHDOG_VERSION} ${action} ${pgid}\n`;
}
