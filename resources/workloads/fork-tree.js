// Workload "fork-tree": DEPTH levels (default 2) of BREADTH children each (default 2), every node
// sleeping SECONDS (default 60). Children run on the same runtime as this script.
import { spawn } from 'node:child_process';
import { nameProcess } from './own-name.js';

nameProcess('fork-tree');

const depth = Number(process.argv[2] ?? 2);
const breadth = Number(process.argv[3] ?? 2);
const seconds = Number(process.argv[4] ?? 60);
const children = [];
if (depth > 0) {
  for (let i = 0; i < breadth; i++) {
    children.push(spawn(process.execPath, [process.argv[1], String(depth - 1), String(breadth), String(seconds)], { stdio: 'inherit' }));
  }
}
const timer = setTimeout(() => process.exit(0), seconds * 1000);
process.on('SIGTERM', () => {
  clearTimeout(timer);
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
});
