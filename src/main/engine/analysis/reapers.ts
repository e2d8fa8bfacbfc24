/**
 * Processes that adopt orphans: init, the usual container and session inits, and any pid named
 * in FORKSCOPE_REAPER_PIDS (/proc shows no subreaper flag, so a subreaper must be named).
 */
const REAPER_NAMES = new Set([
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

export function reaperPidsFromEnv(env: NodeJS.ProcessEnv = process.env): Set<number> {
  const pids = new Set<number>([1]);
  for (const part of (env.FORKSCOPE_REAPER_PIDS ?? '').split(',')) {
    const pid = Number(part.trim());
    if (Number.isInteger(pid) && pid > 0) pids.add(pid);
  }
  return pids;
}

export function isReaper(process: { pid: number; name: string }, reaperPids: ReadonlySet<number>): boolean {
  return reaperPids.has(process.pid) || REAPER_NAMES.has(process.name);
}
