// Lesson 6: kill() and the 'exit' event.
//
// child.kill() sends SIGTERM and returns at once; it does not wait. Right after it, `killed`
// is true (the signal was sent) but the child has not exited as far as Node knows: exitCode
// is still null. Only the 'exit' event says it is gone, and by which signal.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mark, pause } from './_lesson.js';

if (process.argv[2] === 'worker') {
  console.log(`worker ${process.pid}: working for a minute`);
  await pause(60);
} else {
  const worker = spawn(process.execPath, [import.meta.filename, 'worker'], { stdio: 'inherit' });
  await pause(3);
  worker.kill();
  const running = worker.exitCode === null && worker.signalCode === null;
  console.log(`right after kill(): killed = ${worker.killed}, exitCode = ${worker.exitCode}`);
  mark('running', { when: 'right after kill()', value: running, killed: worker.killed });
  const [code, signal] = await once(worker, 'exit');
  console.log(`'exit' event: code ${code}, signal ${signal}`);
  mark('exit', { code, signal });
}
