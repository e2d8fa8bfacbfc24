// What every lesson shares: pauses that can be sped up, and marks for Forkscope's checks.
//
// Forkscope checks a lesson against what it saw of the processes themselves. A few facts only
// the program knows (which line it got, how many tickets were sold); `mark` appends those as
// JSON lines to the file named by FORKSCOPE_LESSON_MARKS. Nothing is checked from what the
// lesson prints: that is for you to read.
import { appendFileSync } from 'node:fs';

const TIME_SCALE = Number(process.env.FORKSCOPE_TIME_SCALE || 1);

/** `seconds` times FORKSCOPE_TIME_SCALE, in milliseconds (the tests run lessons ten times faster). */
export function scaledMs(seconds) {
  return seconds * TIME_SCALE * 1000;
}

/** `await pause(1)`: one (scaled) second without blocking the event loop. */
export function pause(seconds) {
  return new Promise((resolve) => setTimeout(resolve, scaledMs(seconds)));
}

/** Tell Forkscope a fact only this program knows; does nothing outside Forkscope. */
export function mark(kind, facts = {}) {
  const path = process.env.FORKSCOPE_LESSON_MARKS;
  if (!path) return;
  const record = { ...facts, kind, t: Date.now(), pid: process.pid, ppid: process.ppid };
  // One append of one line: marks from many processes never interleave.
  appendFileSync(path, `${JSON.stringify(record)}\n`);
}
