import type { QueueEvent } from '../../../shared/events';
import { ForkscopeError } from '../../../shared/result';
import { ExperimentConfigSchema } from './config';
import { runExperiment } from './experiment';

/**
 * The engine's side of the Queue Lab: starts experiments, one after another or side by side,
 * and turns each one's life into events on the engine stream (so recordings keep them too).
 */
export class QueueLab {
  private next = 1;
  private readonly running = new Map<number, { stop: AbortController; done: Promise<void> }>();

  constructor(private readonly emit: (event: QueueEvent) => void) {}

  /** Checks the parameters before anything starts (capacity 0 is refused here), then runs in the background. */
  start(input: Record<string, unknown>): number {
    const parsed = ExperimentConfigSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ForkscopeError('invalid-request', `${issue.path.join('.') || 'experiment'}: ${issue.message}`);
    }
    const experiment = this.next++;
    const stop = new AbortController();
    this.emit({ type: 'queue-started', t: Date.now(), experiment, config: parsed.data });
    const done = runExperiment(
      parsed.data,
      (metrics) => this.emit({ type: 'queue-metrics', t: metrics.t, experiment, metrics }),
      ({ root, producers, consumers }) => this.emit({ type: 'queue-processes', t: Date.now(), experiment, pids: [root, ...producers, ...consumers] }),
      stop.signal,
    )
      .then((result) => {
        const { producedCount: _p, consumedCount: _c, producerBlockedMs: _b, rootPid: _r, ...shown } = result;
        this.emit({ type: 'queue-finished', t: Date.now(), experiment, result: shown });
      })
      .catch((error: Error) => this.emit({ type: 'queue-failed', t: Date.now(), experiment, message: error.message }))
      .finally(() => this.running.delete(experiment));
    this.running.set(experiment, { stop, done });
    return experiment;
  }

  /** Experiments started and not yet finished. */
  get runningCount(): number {
    return this.running.size;
  }

  stop(experiment: number): boolean {
    const run = this.running.get(experiment);
    run?.stop.abort();
    return Boolean(run);
  }

  async stopAll(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.stop.abort();
    await Promise.all(runs.map((r) => r.done));
  }
}
