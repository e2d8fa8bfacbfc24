// Forkscope's daemon watchdog: kills the process groups of Forkscope's daemon children when
// Forkscope is gone, even if it crashed or was SIGKILLed and said no goodbye.
//
// Forkscope starts one watchdog in its own session and keeps the write end of its stdin. It
// sends frames `fsw/1 add PGID` and `fsw/1 remove PGID` (the wire protocol in
// src/shared/wire/daemon-watchdog.ts); stdin's end of file means Forkscope is gone: TERM every
// registered group, then KILL what is left after the grace period, then exit.
const VERSION = 'fsw/1';
const graceMs = Number(process.env.FORKSCOPE_WATCHDOG_GRACE_MS ?? 1000);
const groups = new Set();
let buffered = '';

function signalAll(signal) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // group already empty
    }
  }
}

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
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (frame[1] === 'add') groups.add(pgid);
    else if (frame[1] === 'remove') groups.delete(pgid);
  }
});
let ending = false;
function end() {
  if (ending) return;
  ending = true;
  if (groups.size === 0) process.exit(0);
  signalAll('SIGTERM');
  setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(0);
  }, graceMs);
}
process.stdin.on('end', end);
// Asked to stop: the daemons it guards go with it, as they would with Forkscope.
for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM']) process.on(signal, end);
process.stdout.write('ready\n');
