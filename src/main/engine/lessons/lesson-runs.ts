import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessEvent, type LessonEvent } from '../../../shared/events';
import type { LessonInfo } from '../../../shared/lessons';
import { ForkscopeError, toFailure } from '../../../shared/result';
import { unpackedResourcesDir } from '../../paths';
import { RecordingWriter } from '../recorder/writer';
import { recordingsDir, recordingStamp, thisMachine } from '../session/session-recorder';
import { enginesOf, findLesson, lessonFile, LESSONS } from './catalog';
import { runLesson } from './run-lesson';
import type { LessonEngine } from './types';

type LessonProcessEvent = Extract<LessonEvent, { type: 'lesson-event' }>['event'];

/** Tests shorten every pause of a lesson with FORKSCOPE_TIME_SCALE; the app runs them at full length. */
function timeScale(): number {
  const scale = Number(process.env.FORKSCOPE_TIME_SCALE ?? '1');
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * Lessons run from the UI, one at a time: their progress goes out as lesson events, and each
 * run's own timeline is kept as a recording that opens in the replay view.
 */
export class LessonRuns {
  private next = 1;
  private current: { run: number; abort: AbortController; done: Promise<void> } | null = null;

  constructor(private readonly emit: (event: LessonEvent) => void) {}

  list(): LessonInfo[] {
    return LESSONS.map((lesson) => ({ number: lesson.number, name: lesson.name, text: lesson.text, engines: enginesOf(lesson) }));
  }

  /** The real file the lesson runs, shown as its source. */
  source(name: string, engine: LessonEngine): { file: string; text: string } {
    const file = join(unpackedResourcesDir(), 'lessons', engine, lessonFile(findLesson(name), engine));
    return { file, text: readFileSync(file, 'utf8') };
  }

  start(name: string, engine: LessonEngine): number {
    const lesson = findLesson(name);
    lessonFile(lesson, engine);
    if (this.current) throw new ForkscopeError('refused', `lesson run #${this.current.run} is still running; stop it or wait for it to finish`);
    const run = this.next++;
    const abort = new AbortController();
    const scale = timeScale();
    this.emit({ type: 'lesson-started', t: Date.now(), run, lesson: name, engine, timeScale: scale });
    const done = this.execute(run, name, engine, scale, abort.signal).finally(() => {
      if (this.current?.run === run) this.current = null;
    });
    this.current = { run, abort, done };
    return run;
  }

  stop(run: number): boolean {
    if (this.current?.run !== run) return false;
    this.current.abort.abort();
    return true;
  }

  async stopAll(): Promise<void> {
    const current = this.current;
    current?.abort.abort();
    await current?.done;
  }

  private async execute(run: number, name: string, engine: LessonEngine, scale: number, signal: AbortSignal): Promise<void> {
    const path = join(recordingsDir(), `lesson-${name}-${engine}-${recordingStamp()}.fsrec.gz`);
    let writer: RecordingWriter | null = null;
    try {
      mkdirSync(recordingsDir(), { recursive: true });
      writer = await RecordingWriter.create(path, thisMachine(100));
    } catch {
      writer = null; // the lesson still runs; only its replay is missing
    }
    try {
      const result = await runLesson(name, {
        engine,
        timeScale: scale,
        signal,
        onEvent: (event) => {
          writer?.record([event]);
          // The Lessons view shows the lives of the run's processes, not every sample.
          if (isProcessEvent(event)) this.emit({ type: 'lesson-event', t: event.t, run, event: event as LessonProcessEvent });
        },
        onObservation: (observation) => this.emit({ type: 'lesson-observation', t: observation.t, run, observation }),
      });
      writer?.action({
        command: 'lesson:run',
        request: { name, engine },
        outcome: { ok: true, value: { passed: result.passed, evidence: result.evidence } },
      });
      await writer?.close();
      this.emit({ type: 'lesson-finished', t: Date.now(), run, result, recording: writer && !writer.error ? path : null });
    } catch (error) {
      writer?.action({ command: 'lesson:run', request: { name, engine }, outcome: { ok: false, error: toFailure(error) } });
      await writer?.close();
      this.emit({ type: 'lesson-failed', t: Date.now(), run, message: (error as Error).message });
    }
  }
}
