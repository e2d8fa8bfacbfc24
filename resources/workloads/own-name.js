// Names a workload's process as the process tree and `ps` show it: "cpu-burn", not the runtime's "node"
// (Node names its main thread "MainThread", which Forkscope reads as the runtime's name). Linux lets a process
// rename itself through /proc (the kernel's comm, 15 characters at most), leaving its command line as it was;
// elsewhere nothing changes and the command line, which names the script, tells workloads apart.
import { writeFileSync } from 'node:fs';

export function nameProcess(name) {
  try {
    writeFileSync('/proc/self/comm', name.slice(0, 15));
  } catch {
    // no /proc here (macOS, Windows)
  }
}
