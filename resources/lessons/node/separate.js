// Lesson 1: processes are separate.
//
// Each process has its own pid and its own copy of every variable. The child changes
// `counter`; the parent's copy stays as it was.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause } from './_lesson.js';

let counter = 0;

if (process.argv[2] === 'child') {
  counter += 100; // changes the child's copy only
  console.log(`child : pid ${process.pid}, parent ${process.ppid}, counter = ${counter}`);
  mark('counter', { value: counter });
  await pause(3); // stay a moment, so you can see both processes
} else {
  console.log(`parent: pid ${process.pid}, parent ${process.ppid}, counter = ${counter}`);
  // The same file again, as a new process of this same runtime.
  const child = spawn(process.execPath, [import.meta.filename, 'child'], { stdio: 'inherit' });
  await once(child, 'exit');
  console.log(`parent: the child has ended; counter here is still ${counter}`);
  mark('counter', { value: counter });
}
