/**
 * Processes that adopt orphans: init, the usual container and session inits, and any pid named
 * in FORKSCOPE_REAPER_PIDS (/proc shows no subreaper flag, so a subreaper must be named).
 */
export const REAPER_NAMES: ReadonlySet<string> = new Set([
  'systemd',
  'init',
  'tini',
  'dumb-init',
  'containerd-shim',
  'containerd-shim-runc-v2',
  'docker-init',
  's6-svscan',
  'runit',
  'runsv',
  'supervisord',
  'catatonit',
  'launchd',
]);

/** The reaper pids a recording made without the engine's marks can assume: init alone. */
export const INIT_ONLY: ReadonlySet<number> = new Set([1]);

/** Pid 1 plus the pids of a comma-separated list (FORKSCOPE_REAPER_PIDS); anything not a pid is ignored. */
export function parseReaperPids(list: string | undefined): Set<number> {
  const pids = new Set<number>([1]);
  for (const part of (list ?? '').split(',')) {
    const pid = Number(part.trim());
    if (Number.isInteger(pid) && pid > 0) pids.add(pid);
  }
  return pids;
}

export function isReaper(process: { pid: number; name: string }, reaperPids: ReadonlySet<number>): boolean {
  return reaperPids.has(process.pid) || REAPER_NAMES.has(process.name);
}
