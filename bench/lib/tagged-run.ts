import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the processes whose environment holds `needle` (/proc/PID/environ keeps what a process started with). */
function findTagged(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * Tags this bench's environment (FORKSCOPE_TEST_RUN, the suite's leak-check tag), so every process it starts, and
 * theirs (a daemonized tmux server, Chromium's zygote and renderers, a population's sleepers), carries the tag, and
 * ends all of them on every way out: a normal end, an error, Ctrl-C, SIGTERM or SIGHUP.
 */
export function tagThisRun(name: string): { leftBehind: () => number[]; sweep: () => void } {
  const needle = `FORKSCOPE_TEST_RUN=bench-${name}-${process.pid}-${Date.now()}`;
  process.env.FORKSCOPE_TEST_RUN = needle.slice(needle.indexOf('=') + 1);
  const sweep = (): void => {
    // A few passes: a shell can start one more child while its siblings are being killed.
    for (let pass = 0; pass < 5; pass++) {
      const found = findTagged(needle);
      if (found.length === 0) return;
      for (const pid of found) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  process.on('exit', sweep);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`bench ${name}: ${signal}: ending every process it started\n`);
      process.exit(130);
    });
  }
  return { leftBehind: () => findTagged(needle), sweep };
}
