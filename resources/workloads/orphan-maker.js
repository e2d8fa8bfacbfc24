// Workload "orphan-maker": starts a child that sleeps SECONDS (default 60), waits PARENT_SECONDS
// (default 1, so a sampler sees the pair), then exits: the child is re-parented to init (or a
// subreaper) while it keeps running.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nameProcess } from './own-name.js';

nameProcess('orphan-maker');

const seconds = Number(process.argv[2] ?? 60);
const parentSeconds = Number(process.argv[3] ?? 1);
const sleeper = fileURLToPath(new URL('./sleep.js', import.meta.url));
const child = spawn(process.execPath, [sleeper, String(seconds)], { stdio: 'ignore' });
child.unref();
child.once('spawn', () => {
  process.stdout.write(`orphan-maker: started child ${child.pid}\n`);
  setTimeout(() => {
    process.stdout.write('orphan-maker: exiting, leaving my child behind\n');
    process.exit(0);
  }, parentSeconds * 1000);
});
