import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linuxProcessUnavailable, pidInUse } from './linux-process';

const unavailable = linuxProcessUnavailable();
if (unavailable) process.stdout.write(`pidInUse test skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== null)('pidInUse (kill(pid, 0))', () => {
  it('is true for a live process and false once it is reaped', async () => {
    expect(pidInUse(process.pid)).toBe(true);
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid!;
    expect(pidInUse(pid)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited; // Node reaped it: nothing holds the pid, unless the machine handed it out again meanwhile
    const reused = (() => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    })();
    expect(pidInUse(pid)).toBe(reused);
    expect(pidInUse(2 ** 22 + 1)).toBe(false); // above any pid_max: never in use
  });
});
