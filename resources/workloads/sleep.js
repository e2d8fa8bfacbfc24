// Workload "sleep": waits SECONDS (default 60), then exits 0. Ends early and cleanly on SIGTERM.
import { nameProcess } from './own-name.js';

nameProcess('sleep');
const seconds = Number(process.argv[2] ?? 60);
const timer = setTimeout(() => process.exit(0), seconds * 1000);
process.on('SIGTERM', () => {
  clearTimeout(timer);
  process.exit(0);
});
