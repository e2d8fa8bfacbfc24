// Lesson 3: waiting inside the loop or after it.
//
// Node's join is waiting for a child's 'exit' event. Three tasks sleep 1, 2 and 3 seconds.
// Awaited inside the loop, each task must end before the next one starts: about 6 seconds.
// Started together and awaited afterwards, they run at the same time: about 3 seconds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause, scaledMs } from './_lesson.js';

function task(way, seconds) {
  return spawn(process.execPath, [import.meta.filename, 'task', way, String(seconds)], { stdio: 'inherit' });
}

if (process.argv[2] === 'task') {
  const [way, seconds] = [process.argv[3], Number(process.argv[4])];
  console.log(`${way}: task ${seconds} (pid ${process.pid}) sleeps ${seconds} s`);
  mark('task', { way, seconds });
  await pause(seconds);
} else {
  let began = performance.now();
  for (const seconds of [1, 2, 3]) {
    await once(task('one-by-one', seconds), 'exit'); // the next task starts only after this one has ended
  }
  console.log(`one by one: ${((performance.now() - began) / scaledMs(1)).toFixed(1)} s`);

  began = performance.now();
  const tasks = [1, 2, 3].map((seconds) => task('together', seconds));
  await Promise.all(tasks.map((child) => once(child, 'exit'))); // all three are already running
  console.log(`together: ${((performance.now() - began) / scaledMs(1)).toFixed(1)} s`);
}
