import type { EngineEvent, LessonEvent } from '../../../shared/events';
import type { LessonObservationLineSchema, LessonResultView } from '../../../shared/lessons';
import { processKey } from '../../../shared/model';
import type { z } from 'zod';

export interface LessonProcessView {
  key: string;
  pid: number;
  ppid: number;
  name: string;
  cmd: string;
  state: string;
  zombie: boolean;
  orphan: boolean;
  gone: boolean;
  startedAt: number;
}

/** One lesson run as the Lessons view shows it: its processes, its timeline, its outcome. */
export interface LessonRunView {
  run: number;
  lesson: string;
  engine: 'python' | 'node';
  timeScale: number;
  startedAt: number;
  processes: Map<string, LessonProcessView>;
  observations: Array<z.infer<typeof LessonObservationLineSchema>>;
  result: LessonResultView | null;
  recording: string | null;
  failure: string | null;
}

/** Folds a run's wrapped process events into the small tree the Lessons view draws. */
function foldProcess(view: LessonRunView, event: EngineEvent): void {
  switch (event.type) {
    case 'started': {
      const p = event.process;
      view.processes.set(processKey(p), {
        key: processKey(p),
        pid: p.pid,
        ppid: p.ppid,
        name: p.name,
        cmd: p.cmd,
        state: p.state,
        zombie: p.zombie,
        orphan: p.orphan,
        gone: false,
        startedAt: event.t,
      });
      return;
    }
    case 'state-changed':
    case 'became-zombie':
    case 'ended':
    case 'zombie-reaped':
    case 'reparented':
    case 'orphaned': {
      const p = view.processes.get(processKey(event));
      if (!p) return;
      if (event.type === 'state-changed') p.state = event.to;
      if (event.type === 'became-zombie') p.zombie = true;
      if (event.type === 'ended' || event.type === 'zombie-reaped') p.gone = true;
      if (event.type === 'reparented') p.ppid = event.to;
      if (event.type === 'orphaned') p.orphan = true;
      return;
    }
    default:
      return;
  }
}

export function applyLessonEvent(runs: Map<number, LessonRunView>, event: LessonEvent): void {
  if (event.type === 'lesson-started') {
    runs.set(event.run, {
      run: event.run,
      lesson: event.lesson,
      engine: event.engine,
      timeScale: event.timeScale,
      startedAt: event.t,
      processes: new Map(),
      observations: [],
      result: null,
      recording: null,
      failure: null,
    });
    return;
  }
  const view = runs.get(event.run);
  if (!view) return;
  switch (event.type) {
    case 'lesson-event':
      foldProcess(view, event.event);
      return;
    case 'lesson-observation':
      view.observations.push(event.observation);
      return;
    case 'lesson-finished':
      view.result = event.result;
      view.recording = event.recording;
      return;
    case 'lesson-failed':
      view.failure = event.message;
      return;
  }
}
