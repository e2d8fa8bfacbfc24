// Lesson 8: orphans.
//
// When a parent exits before its child, the child keeps running: it is re-parented to init
// (or to the nearest subreaper), and process.ppid says so. Node neither waits for nor kills
// its children when it exits.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause } from './_lesson.js';

if (process.argv[2] === 'child') {
  console.log(`child ${process.pid}: my parent is ${process.ppid}`);
  mark('parent', { when: 'before', ppid: process.ppid });
  process.send('running');
  process.disconnect(); // done talking: the parent may go
  await pause(6); // meanwhile the parent exits
  console.log(`child ${process.pid}: my parent is now ${process.ppid}`);
  mark('parent', { when: 'after', ppid: process.ppid });
} else {
  const child = spawn(process.execPath, [import.meta.filename, 'child'], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  await once(child, 'message'); // until the child runs and has seen its first parent
  await pause(3);
  console.log(`parent ${process.pid}: exiting without waiting for my child`);
  process.exit(0);
}
