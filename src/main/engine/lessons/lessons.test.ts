import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { ForkscopeError } from '../../../shared/result';
import { readProcess } from '../sampler';
import { pythonOrSkip } from '../../test-support/python';
import { enginesOf, LESSONS } from './catalog';
import { runLesson } from './run-lesson';
import type { LessonEngine } from './types';

const TIME_SCALE = 0.1;
const hasPython = pythonOrSkip();

/** Same pid and start time, and not a zombie: still running. */
function running(p: { pid: number; startTime: number }): boolean {
  const row = readProcess(p.pid);
  return row !== null && row.startTime === p.startTime && row.state !== 'zombie';
}

async function runAndWatch(name: string, engine: LessonEngine) {
  const seen = new Map<string, { pid: number; startTime: number; name: string }>();
  const note = (event: EngineEvent): void => {
    const p = event.type === 'started' ? event.process : event.type === 'spawned' ? event : null;
    if (p) seen.set(`${p.pid}@${p.startTime}`, { pid: p.pid, startTime: p.startTime, name: p.name });
  };
  const result = await runLesson(name, { engine, timeScale: TIME_SCALE, onEvent: note });
  return { result, seen: [...seen.values()] };
}

const cases = LESSONS.flatMap((lesson) => enginesOf(lesson).map((engine) => ({ lesson, engine })));

// One lesson at a time: each watches its own subtree, and two at once would compete for 2 cores.
describe('lessons, run headless and checked against what the engine saw', () => {
  it.each(cases)(
    '$lesson.number $lesson.name ($engine)',
    async ({ lesson, engine }) => {
      if (engine === 'python' && !hasPython) return;
      const { result, seen } = await runAndWatch(lesson.name, engine);
      const report = `${result.evidence.join('\n')}\n--- output ---\n${result.output}`;
      expect(result.passed, report).toBe(true);
      expect(result.timedOut, report).toBe(lesson.runs.some((r) => r.blocks));
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.filter(running), 'processes of the lesson still running').toEqual([]);
      expect(result.observations.some((o) => o.source === 'engine')).toBe(true);
      // A lesson run under the probe judges what multiprocessing counted too.
      const probed = result.evidence.filter((line) => /^✓ \[probe( \+ program)?\]/.test(line));
      expect(probed.length, report).toBe(lesson.probe && engine === 'python' ? { lock: 3, pool: 2 }[lesson.name] : 0);
    },
    60_000,
  );
});

describe('lesson input errors', () => {
  it('names the lessons there are when asked for one that is not', async () => {
    await expect(runLesson('fork-bomb', { engine: 'python' })).rejects.toThrow(
      /no lesson named "fork-bomb"; the lessons are separate, start-order, join/,
    );
  });

  it('refuses the node engine for a python-only lesson, before starting anything', async () => {
    const error = await runLesson('zombie', { engine: 'node' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForkscopeError);
    expect((error as ForkscopeError).message).toMatch(/lesson zombie is Python only/);
  });
});
