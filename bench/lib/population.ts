import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A population of sleeping processes (and a few zombies) for benchmarks. Each parent leads its
 * own process group, so one signal per group ends everything, also on Ctrl-C or an error.
 */
export class Population {
  private readonly parents: ChildProcess[] = [];

  static async create(sleepers: number, zombies: number, perParent = 500, sleepSeconds = 600): Promise<Population> {
    const population = new Population();
    const cleanup = (): void => {
      population.destroy();
      process.exit(130);
    };
    process.once('SIGINT', cleanup);
    process.once('SIGTERM', cleanup);
    for (let left = sleepers; left > 0; left -= perParent) {
      population.start(`for i in $(seq ${Math.min(perParent, left)}); do sleep ${sleepSeconds} & done; wait`);
    }
    // `exec sleep` never reaps the children the shell started: they stay zombies.
    if (zombies > 0) population.start(`for i in $(seq ${zombies}); do sleep 0.05 & done; exec sleep ${sleepSeconds}`);
    return population;
  }

  private start(script: string): void {
    const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    this.parents.push(child);
  }

  destroy(): void {
    for (const parent of this.parents) {
      try {
        process.kill(-parent.pid!, 'SIGKILL');
      } catch {
        // group already gone
      }
    }
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
