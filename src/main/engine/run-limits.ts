import { descendantsOf } from '../../shared/analysis/tree';
import type { ExperimentConfig } from '../../shared/queue-lab';
import { ForkscopeError } from '../../shared/result';
import type { RunLimits } from '../../shared/settings';
import { readProcessTable } from './sampler';
import type { ChildInfo } from '../../shared/supervision';
import { childDemand, workloadDemand } from './supervisor/workloads';

/** Each limit as a person sees it named: what it bounds, and the two ways to set it. */
export const RUN_LIMITS: Record<keyof RunLimits, { what: string; flag: string }> = {
  maxProcesses: { what: 'processes Forkscope started running at once (whole subtrees counted)', flag: '--max-processes' },
  maxExperiments: { what: 'Queue Lab experiments running at once', flag: '--max-experiments' },
  maxWorkloadMemoryMb: { what: 'MB of memory asked of running workloads', flag: '--max-workload-memory-mb' },
};

/** What the checks read of the engine: its children and how many experiments run. */
export interface RunState {
  children(): readonly ChildInfo[];
  runningExperiments(): number;
}

interface SpawnAsk {
  workload?: string;
  command?: string;
  args?: readonly string[];
  count?: number;
}

/**
 * Bounds what one Forkscope may have running at once, checked before anything starts; a refusal names the limit,
 * its settings key and its `serve` flag. Processes are counted from the process table (Forkscope's descendants), so
 * what a child forked counts too.
 */
export class RunLimitChecks {
  constructor(
    private readonly limits: () => RunLimits,
    private readonly state: RunState,
  ) {}

  checkSpawn(request: SpawnAsk): void {
    const count = request.count ?? 1;
    const demand = request.workload ? workloadDemand(request.workload, request.args ?? []) : { processes: 1, memoryMb: 0 };
    this.checkProcesses(
      demand.processes * count,
      `starting ${count} × ${request.workload ?? request.command} (${demand.processes * count} processes)`,
    );
    if (demand.memoryMb > 0) {
      const held = this.state
        .children()
        .filter((c) => c.exit === null)
        .reduce((sum, c) => sum + childDemand(c).memoryMb, 0);
      const asked = demand.memoryMb * count;
      this.refuseOver('maxWorkloadMemoryMb', held + asked, `asking ${count} × ${demand.memoryMb} MB of memory-hog on top of the ${held} MB held`);
    }
  }

  checkExperiment(config: ExperimentConfig): void {
    this.refuseOver('maxExperiments', this.state.runningExperiments() + 1, 'one more experiment');
    const processes = 1 + config.producers + config.consumers;
    this.checkProcesses(processes, `an experiment of ${config.producers} producers and ${config.consumers} consumers (${processes} processes)`);
  }

  private checkProcesses(adding: number, what: string): void {
    const table = readProcessTable().filter((row) => row.state !== 'zombie');
    // What runs now, plus what a running workload will still fork (a fork-tree grows for a moment after its start).
    let running = descendantsOf(table, process.pid).length;
    for (const child of this.state.children()) {
      if (child.exit !== null) continue;
      const seen = 1 + descendantsOf(table, child.pid).length;
      running += Math.max(0, childDemand(child).processes - seen);
    }
    this.refuseOver('maxProcesses', running + adding, `${what} on top of the ${running} running`);
  }

  private refuseOver(key: keyof RunLimits, wouldBe: number, what: string): void {
    const limit = this.limits()[key];
    if (wouldBe <= limit) return;
    const { what: bounded, flag } = RUN_LIMITS[key];
    throw new ForkscopeError(
      'refused',
      `refused: ${what} would make ${wouldBe} ${bounded}, over the limit of ${limit}; end some first, or raise the limit ` +
        `(settings key limits.${key}, or serve ${flag} N)`,
      { reason: 'limit', limit: `limits.${key}`, value: limit, count: wouldBe },
    );
  }
}
