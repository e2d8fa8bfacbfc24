// Workload "crash": after DELAY_MS (default 200) exits with CODE (default 3), or kills itself with
// a signal when CODE is a signal name such as SIGSEGV or SIGABRT.
import { nameProcess } from './own-name.js';

nameProcess('crash');
const code = process.argv[2] ?? '3';
const delay = Number(process.argv[3] ?? 200);
setTimeout(() => {
  process.stderr.write(`crash: exiting with ${code}\n`);
  if (/^SIG[A-Z0-9]+$/.test(code)) process.kill(process.pid, code);
  else process.exit(Number(code));
}, delay);
