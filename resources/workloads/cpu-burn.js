// Workload "cpu-burn": keeps one core busy for SECONDS (default 30), in slices so signals are handled.
import { nameProcess } from './own-name.js';

nameProcess('cpu-burn');
const seconds = Number(process.argv[2] ?? 30);
const until = Date.now() + seconds * 1000;
let sink = 0;
function slice() {
  const end = Date.now() + 50;
  while (Date.now() < end) sink = (sink * 31 + 7) % 1000003;
  if (Date.now() < until) setImmediate(slice);
  else process.exit(sink >= 0 ? 0 : 1);
}
slice();
