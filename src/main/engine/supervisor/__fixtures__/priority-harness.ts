import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { ServeProcess } from '../../../test-support/serve-process';
import type { Engine } from '../../engine';

/**
 * What the priority tests (renice, ionice, affinity) share: processes, hosts, folders and engines they start, each
 * gone after every test, and the reasons a test of an unprivileged host cannot run here.
 */
export function priorityHarness() {
  const started: ChildProcess[] = [];
  const serves: ServeProcess[] = [];
  const dirs: string[] = [];
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    for (const serve of serves.splice(0)) await serve.stop();
    for (const engine of engines.splice(0)) await engine.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** Starts a process the test owns (not Forkscope's child), once it has started. */
  async function start(command: string, args: string[]): Promise<ChildProcess> {
    const child = spawn(command, args, { stdio: 'ignore' });
    started.push(child);
    await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
    return child;
  }
  const setprivMissing = existsSync('/usr/bin/setpriv') ? null : 'setpriv (util-linux) is not installed, so no unprivileged host can be started';
  return { serves, dirs, engines, start, setprivMissing };
}
