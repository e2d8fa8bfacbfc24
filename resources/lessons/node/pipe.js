// Lesson 12: pipes.
//
// A pipe has two ends. Here the parent holds the writing end of the child's stdin and the
// child reads the other. The child learns that no more is coming (its stdin's 'end' event,
// EOF) only when the writing end is closed: forget stdin.end() and the child waits forever.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause } from './_lesson.js';

if (process.argv[2] === 'reader') {
  let received = 0;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text) => {
    for (const line of text.split('\n').filter(Boolean)) {
      received++;
      console.log(`reader ${process.pid}: ${line}`);
    }
  });
  process.stdin.on('end', () => {
    console.log(`reader ${process.pid}: EOF after ${received} messages`);
    mark('eof', { received });
  });
} else {
  const reader = spawn(process.execPath, [import.meta.filename, 'reader'], { stdio: ['pipe', 'inherit', 'inherit'] });
  for (let n = 0; n < 3; n++) {
    reader.stdin.write(`message ${n}\n`);
    mark('sent', { message: n });
    await pause(1);
  }
  reader.stdin.end(); // close the writing end: the reader sees EOF
  await once(reader, 'exit');
}
