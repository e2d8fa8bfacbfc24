// Finds processes that carry this test run's tag in their environment, including those that
// called setsid or were re-parented: /proc/PID/environ keeps the environment a process started with.
import { readdirSync, readFileSync } from 'node:fs';

export function findTaggedProcesses(tag) {
  if (process.platform !== 'linux') return [];
  const needle = `FORKSCOPE_TEST_RUN=${tag}`;
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    if (!environ.split('\0').includes(needle)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
    } catch {
      // vanished meanwhile
    }
    found.push({ pid, cmd });
  }
  return found;
}

export function killTagged(processes) {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
