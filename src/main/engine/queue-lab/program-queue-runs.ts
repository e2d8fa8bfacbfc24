import { PROGRAM_TIMELINE_PER_EVENT, type ProgramQueuesEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import type { ChildInfo } from '../../../shared/supervision';
import type { SpawnRequest, Supervisor } from '../supervisor/supervisor';
import { processAlive, ProgramQueueWatch } from './program-queues';

const SETTLE_POLL_MS = 500;
const SETTLE_LIMIT_MS = 60_000;

/**
 * Programs started with "chart its queues": each gets a ProgramQueueWatch whose figures go out
 * as `program-queues` events, until the program has exited and no process of it that used a
 * queue is left (daemon workers can outlive their parent by a moment).
 */
export class ProgramQueueRuns {
  private readonly open = new Set<ProgramQueueWatch>();

  constructor(
    private readonly supervisor: Supervisor,
    private readonly emit: (event: ProgramQueuesEvent) => void,
  ) {}

  async spawn(request: SpawnRequest): Promise<ChildInfo[]> {
    const command = [request.command ?? '', ...(request.args ?? [])].join(' ');
    let root: ChildInfo | undefined;
    const watch = ProgramQueueWatch.open((queues, python, timeline) => {
      if (!root) return;
      const event: ProgramQueuesEvent = { type: 'program-queues', t: Date.now(), pid: root.pid, command, queues, python };
      // The newest entries, when a busy program made more than one event carries (the counters lose nothing).
      if (timeline.length > 0) event.timeline = timeline.slice(-PROGRAM_TIMELINE_PER_EVENT);
      if (timeline.length > PROGRAM_TIMELINE_PER_EVENT) event.timelineOmitted = timeline.length - PROGRAM_TIMELINE_PER_EVENT;
      this.emit(event);
    });
    this.open.add(watch);
    try {
      [root] = await this.supervisor.spawn({ ...request, env: { ...request.env, ...watch.env({ ...process.env, ...request.env }) } });
    } catch (error) {
      this.finish(watch);
      throw error;
    }
    const key = processKey(root!);
    const stop = this.supervisor.onEvent((event) => {
      if (event.type !== 'exited' || processKey(event) !== key) return;
      stop();
      void this.settle(watch);
    });
    return [root!];
  }

  closeAll(): void {
    for (const watch of this.open) this.finish(watch);
  }

  private async settle(watch: ProgramQueueWatch): Promise<void> {
    const until = Date.now() + SETTLE_LIMIT_MS;
    while (this.open.has(watch) && Date.now() < until && watch.processes.some(processAlive)) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
    this.finish(watch);
  }

  private finish(watch: ProgramQueueWatch): void {
    if (!this.open.delete(watch)) return;
    watch.close();
  }
}
