import { parseReaperPids } from '../../../shared/analysis/reapers';

/** The reaper pids of this machine: init plus any subreaper named in FORKSCOPE_REAPER_PIDS. */
export function reaperPidsFromEnv(env: NodeJS.ProcessEnv = process.env): Set<number> {
  return parseReaperPids(env.FORKSCOPE_REAPER_PIDS);
}
