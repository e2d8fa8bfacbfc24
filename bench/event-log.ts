// bench/event-log: what the event log costs the renderer per change of the log, at LOG_LIMIT (20,000) events
// against the old limit of 2,000 as the anchor (same run, same events): the store folding a batch of 100 events into
// a full log (push, and the trim once per batch), and the view reading it again (bursts grouped, newest first).
// The view's DOM is a window of ~30 lines either way (virtualized), so it is not measured here.
// `npm run bench -- event-log [--json]`
import { parseArgs } from 'node:util';
import { groupBursts } from '../src/shared/analysis/bursts';
import type { EngineEvent } from '../src/shared/events';
import { LiveStore, LOG_LIMIT } from '../src/renderer/src/store/live-store';
import { median, timeMs } from './lib/population';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const ANCHOR = 2000;
const RUNS = 30;

/** A busy machine's lifecycle: parents starting children, some in bursts, each child exec'ing and exiting. */
function lifecycle(count: number): EngineEvent[] {
  const events: EngineEvent[] = [];
  let t = 1_700_000_000_000;
  for (let pid = 1000; events.length < count; pid++) {
    const ppid = 100 + (pid % 7);
    const base = { pid, startTime: pid, name: 'cc1', ppid };
    t += pid % 50 === 0 ? 1500 : 3; // a gap ends a burst now and then
    events.push({
      type: 'started',
      t,
      process: { ...base, cmd: 'cc1 x.c', state: 'running', user: 'ada', startedAt: t, cpuPercent: 0, rssBytes: 0, zombie: false, orphan: false },
    });
    events.push({ type: 'exec', t, ...base, formerName: 'make', cmd: null });
    events.push({ type: 'exit', t: t + 1, ...base, code: 0, signal: null, core: false, runMs: 1 });
    events.push({ type: 'ended', t: t + 1, ...base });
  }
  return events.slice(0, count);
}

function measure(size: number) {
  const events = lifecycle(size + 100);
  const view = median(Array.from({ length: RUNS }, () => timeMs(() => groupBursts(events.slice(0, size)).reverse())));
  const store = new LiveStore();
  store.apply(events.slice(0, size));
  // A log of `size` kept: trim as the store does, to `size`, after each batch of 100.
  const batch = events.slice(size, size + 100);
  const fold = median(
    Array.from({ length: RUNS }, () =>
      timeMs(() => {
        store.log.push(...batch);
        store.log.splice(0, store.log.length - size);
      }),
    ),
  );
  return { size, viewMs: view, foldMs: fold };
}

const anchor = measure(ANCHOR);
const limit = measure(LOG_LIMIT);
const result = {
  anchor,
  limit,
  viewRatio: limit.viewMs / anchor.viewMs,
  foldRatio: limit.foldMs / anchor.foldMs,
};
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  process.stdout.write(
    `event log, per change of the log (median of ${RUNS}):\n` +
      `  view (group bursts, newest first): ${f(anchor.viewMs)} at ${ANCHOR} events, ${f(limit.viewMs)} at ${LOG_LIMIT} (${result.viewRatio.toFixed(1)}×)\n` +
      `  store (100 events in, trim once): ${us(anchor.foldMs)} at ${ANCHOR}, ${us(limit.foldMs)} at ${LOG_LIMIT} (${result.foldRatio.toFixed(1)}×)\n`,
  );
}
