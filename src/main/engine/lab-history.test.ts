import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { LAB_LIMITS } from '../../shared/lab-limits';
import { LabHistory, type LabEvent } from './lab-history';

const metrics = (experiment: number, t: number): LabEvent => ({
  type: 'queue-metrics',
  t,
  experiment,
  metrics: { t, puts: t, gets: t, depth: 0, inFlight: 0, taskDone: 0, blockedProducers: 0, waitingConsumers: 0 },
});
const result = { engine: 'node' as const, messages: 1, seconds: 1, throughput: 1, p50LatencyMs: null, p99LatencyMs: null };
const finished = (experiment: number): LabEvent => ({
  type: 'queue-finished',
  t: 0,
  experiment,
  result: { ...result, exactlyOnce: true, raisedFull: 0, consumerLost: null },
});
const started = (experiment: number): LabEvent => ({ type: 'queue-started', t: 0, experiment, config: {} });
const experimentsIn = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'queue-started' ? [e.experiment] : []));

describe('what the engine keeps of the lab', () => {
  it('keeps every event of a run in order: start, processes, metrics, result', () => {
    const history = new LabHistory();
    const events: LabEvent[] = [
      started(1),
      { type: 'queue-processes', t: 0, experiment: 1, pids: [10, 11] },
      metrics(1, 1),
      metrics(1, 2),
      finished(1),
    ];
    for (const e of events) history.keep(e);
    expect(history.events()).toEqual(events);
  });

  it(`keeps the last ${LAB_LIMITS.KEPT_RUNS} experiments, dropping the oldest finished one and never one still running`, () => {
    const history = new LabHistory();
    history.keep(started(1)); // never finishes: still running
    for (let id = 2; id <= LAB_LIMITS.KEPT_RUNS + 5; id++) {
      history.keep(started(id));
      history.keep(finished(id));
    }
    const kept = experimentsIn(history.events());
    expect(kept).toHaveLength(LAB_LIMITS.KEPT_RUNS);
    expect(kept[0]).toBe(1);
    expect(kept.slice(1)).toEqual(Array.from({ length: LAB_LIMITS.KEPT_RUNS - 1 }, (_, i) => i + 7));
  });

  it('keeps the latest metrics of a long run: a chart’s points and the one before them', () => {
    const history = new LabHistory();
    history.keep(started(1));
    for (let t = 1; t <= 1000; t++) history.keep(metrics(1, t));
    const ts = history.events().flatMap((e) => (e.type === 'queue-metrics' ? [e.t] : []));
    expect(ts).toHaveLength(LAB_LIMITS.CHART_POINTS + 1);
    expect(ts.at(-1)).toBe(1000);
  });

  it('keeps lesson runs with their timeline up to the limit, and their outcome after it', () => {
    const history = new LabHistory();
    history.keep({ type: 'lesson-started', t: 0, run: 1, lesson: 'zombie', engine: 'python', timeScale: 1 });
    const line = { t: 0, run: 'main', source: 'engine' as const, pid: 1, text: 'started' };
    for (let i = 0; i < LAB_LIMITS.LESSON_EVENTS + 10; i++) history.keep({ type: 'lesson-observation', t: i, run: 1, observation: line });
    history.keep({ type: 'lesson-failed', t: 1, run: 1, message: 'the lesson was stopped' });
    const events = history.events();
    expect(events.filter((e) => e.type === 'lesson-observation').length).toBe(LAB_LIMITS.LESSON_EVENTS - 1);
    expect(events.at(-1)).toMatchObject({ type: 'lesson-failed', run: 1 });
  });
});
