import type { EngineEvent, LessonEvent, ProgramQueuesEvent, QueueEvent } from '../../shared/events';
import { dropOldest, LAB_LIMITS } from '../../shared/lab-limits';

export type LabEvent = QueueEvent | ProgramQueuesEvent | LessonEvent;

interface KeptExperiment {
  head: EngineEvent[];
  /** The latest metrics: one more than a chart's points, since each point's throughput is the gets since the one before. */
  metrics: EngineEvent[];
  end: EngineEvent | null;
}

interface KeptLesson {
  events: EngineEvent[];
  done: boolean;
}

/**
 * The Queue Lab's experiments, the queues of programs charted with "chart its queues", and the
 * lesson runs, kept by the engine for its lifetime within LAB_LIMITS, as the events that made
 * them: a view that joins (a reload, another window, back from a replay) folds them and shows
 * what the others show, a run still going included.
 */
export class LabHistory {
  private readonly experiments = new Map<number, KeptExperiment>();
  private readonly programs = new Map<number, EngineEvent[]>();
  private readonly lessons = new Map<number, KeptLesson>();

  keep(event: LabEvent): void {
    switch (event.type) {
      case 'queue-started':
        this.experiments.set(event.experiment, { head: [event], metrics: [], end: null });
        dropOldest(this.experiments, LAB_LIMITS.KEPT_RUNS, (e) => e.end !== null);
        return;
      case 'queue-processes':
        this.experiments.get(event.experiment)?.head.push(event);
        return;
      case 'queue-metrics': {
        const kept = this.experiments.get(event.experiment);
        if (!kept) return;
        kept.metrics.push(event);
        if (kept.metrics.length > LAB_LIMITS.CHART_POINTS + 1) kept.metrics.shift();
        return;
      }
      case 'queue-finished':
      case 'queue-failed': {
        const kept = this.experiments.get(event.experiment);
        if (kept) kept.end = event;
        return;
      }
      case 'program-queues': {
        let kept = this.programs.get(event.pid);
        if (!kept) {
          this.programs.set(event.pid, (kept = []));
          dropOldest(this.programs, LAB_LIMITS.KEPT_RUNS, () => true);
        }
        // A window that connects later charts the figures; the timeline is for recordings and Perfetto.
        const { timeline: _timeline, timelineOmitted: _omitted, ...figures } = event;
        kept.push(figures);
        if (kept.length > LAB_LIMITS.CHART_POINTS + 1) kept.shift();
        return;
      }
      case 'lesson-started':
        this.lessons.set(event.run, { events: [event], done: false });
        dropOldest(this.lessons, LAB_LIMITS.KEPT_RUNS, (l) => l.done);
        return;
      case 'lesson-finished':
      case 'lesson-failed': {
        const kept = this.lessons.get(event.run);
        if (!kept) return;
        kept.events.push(event);
        kept.done = true;
        return;
      }
      default: {
        const kept = this.lessons.get(event.run);
        if (kept && kept.events.length < LAB_LIMITS.LESSON_EVENTS) kept.events.push(event);
      }
    }
  }

  /** Every kept run's events, oldest run first, each run's in the order they came. */
  events(): EngineEvent[] {
    const out: EngineEvent[] = [];
    for (const e of this.experiments.values()) out.push(...e.head, ...e.metrics, ...(e.end ? [e.end] : []));
    for (const p of this.programs.values()) out.push(...p);
    for (const l of this.lessons.values()) out.push(...l.events);
    return out;
  }
}
