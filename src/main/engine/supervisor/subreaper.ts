import { linuxProcessUnavailable, setChildSubreaper } from '../os/linux-process';

/**
 * Makes this process a child subreaper (Linux), for the entry points only (`serve`, the desktop
 * app, `run`, `queue`, `lesson`), never inside Engine, which tests construct in their own
 * processes: every orphan of a subtree Forkscope started comes to Forkscope instead of init
 * (which, in many containers and on this kind of machine, never reaps), and the supervisor's
 * Adoption reaps it. Our pid joins FORKSCOPE_REAPER_PIDS, so the sampler (and any Forkscope we
 * start) classifies what we adopt as orphans, as it does for init.
 * Returns null when it is done (or pid 1, which adopts already), else why not.
 */
export function becomeChildSubreaper(): string | null {
  if (process.pid !== 1) {
    const unavailable = linuxProcessUnavailable();
    if (unavailable) return unavailable;
    const result = setChildSubreaper();
    if (!result.ok) return result.reason;
  }
  const reapers = (process.env.FORKSCOPE_REAPER_PIDS ?? '').split(',').filter(Boolean);
  if (!reapers.includes(String(process.pid))) process.env.FORKSCOPE_REAPER_PIDS = [...reapers, String(process.pid)].join(',');
  return null;
}

/** The entry points' one line: become a subreaper, and say so on stderr when that cannot be done on Linux. */
export function becomeChildSubreaperOrWarn(): void {
  const why = becomeChildSubreaper();
  if (why && !/is not Linux$/.test(why)) {
    process.stderr.write(`forkscope: cannot adopt orphans (${why}); they go to init, which may never reap them\n`);
  }
}
