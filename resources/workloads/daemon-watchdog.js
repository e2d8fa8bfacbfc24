// Forkscope's daemon watchdog: kills the process groups of Forkscope's daemon children when
// Forkscope is gone, even if it crashed or was SIGKILLed and said no goodbye.
//
// Forkscope starts one watchdog in its own session and keeps the write end of its stdin. It
// sends frames `fsw/1 add PGID` and `fsw/1 remove PGID` (the wire protocol in
// src/shared/wire/daemon-watchdog.ts); stdin's end of file means Forkscope is gone: TERM every
// registered group, then KILL what is left after the grace period, then exit.
//
// A group stays registered after its leader exits, for as long as it has members: the daemon's
// own children must die with Forkscope too. An empty group is dropped at the next check, so a
// group id the kernel hands out again later is not hit.
import { nameProcess } from './own-name.js';

nameProcess('daemon-watchdog');
const VERSION = 'fsw/1';
const graceMs = Number(process.env.FORKSCOPE_WATCHDOG_GRACE_MS ?? 1000);
const groups = new Set();
let buffered = '';

function signalAll(signal) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch (error) {
      if (error.code === 'ESRCH') groups.delete(pgid);
    }
  }
}

/** Drops groups with no member left; signal 0 checks without sending anything. */
function prune() {
  signalAll(0);
}
// Belt and braces: should the pipe's write end ever outlive Forkscope in another process, being
// re-parented still tells us Forkscope is gone.
const owner = process.ppid;
const pruner = setInterval(() => {
  prune();
  if (process.ppid !== owner) end();
}, 500);

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const frame = buffered.slice(0, newline).trim().split(' ');
    buffered = buffered.slice(newline + 1);
    if (frame[0] !== VERSION) {
      process.stderr.write(`daemon-watchdog: ignoring a frame that is not ${VERSION}: ${frame.join(' ')}\n`);
      continue;
    }
    const pgid = Number(frame[2]);
    if (!Number.isInteger(pgid) || pgid <= 1 || pgid === process.pid) continue;
    if (frame[1] === 'add') groups.add(pgid);
    else if (frame[1] === 'remove') groups.delete(pgid);
  }
});

let ending = false;
function end() {
  if (ending) return;
  ending = true;
  clearInterval(pruner);
  signalAll('SIGTERM');
  const deadline = Date.now() + graceMs;
  const check = setInterval(() => {
    prune();
    if (groups.size > 0 && Date.now() < deadline) return;
    clearInterval(check);
    signalAll('SIGKILL');
    process.exit(0);
  }, 25);
}
process.stdin.on('end', end);
// A read error on the pipe means the same as its end: Forkscope cannot talk to us any more.
process.stdin.on('error', end);
// Asked to stop: the daemons it guards go with it, as they would with Forkscope.
for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM']) process.on(signal, end);
// Forkscope may be gone before it reads this; EPIPE must not kill the guard.
process.stdout.on('error', () => {});
process.stdout.write('ready\n');
