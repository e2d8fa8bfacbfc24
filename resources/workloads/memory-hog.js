// Workload "memory-hog": holds MEGABYTES (default 100) of touched memory for SECONDS (default 60).
import { nameProcess } from './own-name.js';

nameProcess('memory-hog');
const megabytes = Number(process.argv[2] ?? 100);
const seconds = Number(process.argv[3] ?? 60);
const blocks = [];
for (let i = 0; i < megabytes; i++) {
  const block = Buffer.alloc(1024 * 1024);
  // Write every page so it is resident, not just reserved.
  for (let p = 0; p < block.length; p += 4096) block[p] = 1;
  blocks.push(block);
}
setTimeout(() => process.exit(blocks.length === megabytes ? 0 : 1), seconds * 1000);
