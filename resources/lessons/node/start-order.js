// Lesson 2: start order is not code order.
//
// The loop starts ten children one after another, but when each one runs is up to the
// scheduler: their lines come out in an order nobody chose. The parent's next line comes
// first: spawn() returns at once, and the children take a while to start up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause } from './_lesson.js';

if (process.argv[2] === 'child') {
  const number = Number(process.argv[3]);
  console.log(`child ${number} runs (pid ${process.pid})`);
  mark('ran', { number });
  await pause(3); // stay a moment, so you can see all ten
} else {
  const children = [];
  for (let number = 0; number < 10; number++) {
    children.push(spawn(process.execPath, [import.meta.filename, 'child', String(number)], { stdio: 'inherit' }));
  }
  console.log('parent: I started all ten');
  mark('after-loop');
  await Promise.all(children.map((child) => once(child, 'exit')));
}
