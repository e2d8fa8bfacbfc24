import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../dispatch';
import { startServe, openCallSocket } from '../../test-support/serve-process';
import { waitFor } from '../../test-support/wait-for';
import { readProcess } from '../sampler';
import { priorityHarness } from './__fixtures__/priority-harness';
import { Engine } from '../engine';

const { serves, dirs, engines, start, setprivMissing } = priorityHarness();

const niceOf = (pid: number): number => Number(execFileSync('ps', ['-o', 'ni=', '-p', String(pid)], { encoding: 'utf8' }).trim());
const notRoot = process.getuid?.() === 0 ? null : 'these tests start the host as another user, which needs root';
for (const reason of [setprivMissing, notRoot]) if (reason) console.log(`priority tests skipped: ${reason}`);

describe('signals and renice through the contract', () => {
  it('a signal outside the old eight reaches the process: SIGUSR1 by name and SIGRTMIN+2 by number, each handled by a trap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-signal-'));
    dirs.push(dir);
    const file = join(dir, 'got');
    const child = await start('sh', ['-c', `trap 'echo usr1 >> ${file}' USR1; trap 'echo rt2 >> ${file}' RTMIN+2; while :; do sleep 0.1; done`]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const engine = new Engine({ shell: 'host' });
    engines.push(engine);
    const target = { pid: child.pid!, startTime: readProcess(child.pid!)!.startTime };
    expect(engine.info().signals).toContainEqual({ name: 'SIGRTMIN+2', number: 36 });
    expect(await dispatchCommand(engine, 'supervisor:signal', { ...target, signal: 'SIGUSR1' })).toEqual({ ok: true, value: { sent: true } });
    expect(await dispatchCommand(engine, 'supervisor:signal', { ...target, signal: 36 })).toEqual({ ok: true, value: { sent: true } });
    await waitFor('both traps to run', () => existsSync(file) && readFileSync(file, 'utf8') === 'usr1\nrt2\n');
    // Unknown names and numbers are refused by the schema, naming what is wrong.
    expect(await dispatchCommand(engine, 'supervisor:signal', { ...target, signal: 'SIGFOO' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request', message: expect.stringContaining('unknown signal "SIGFOO"') },
    });
    expect(await dispatchCommand(engine, 'supervisor:signal', { ...target, signal: 65 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request', message: expect.stringContaining('signal 65 does not exist: signal numbers are whole numbers from 1 to 64') },
    });
  });

  it("the platform's signals are kill -l's, by name and number", () => {
    const engine = new Engine({ shell: 'host' });
    engines.push(engine);
    // bash's kill -l: "1) SIGHUP  2) SIGINT …", the independent list.
    const listed = execFileSync('bash', ['-c', 'kill -l'], { encoding: 'utf8' });
    const oracle = [...listed.matchAll(/(\d+)\) (SIG[A-Z0-9+-]+)/g)].map((m) => ({ name: m[2]!, number: Number(m[1]) }));
    expect(oracle.length).toBeGreaterThan(60);
    expect(engine.info().signals).toEqual(oracle);
  });

  it('renice raises the nice value of a process, checked against ps; an unknown value is refused by the schema', async () => {
    const child = await start('sleep', ['30']);
    const engine = new Engine({ shell: 'host' });
    engines.push(engine);
    const target = { pid: child.pid!, startTime: readProcess(child.pid!)!.startTime };
    expect(await dispatchCommand(engine, 'supervisor:renice', { ...target, nice: 7 })).toEqual({ ok: true, value: { nice: 7 } });
    expect(niceOf(child.pid!)).toBe(7);
    expect(await dispatchCommand(engine, 'supervisor:renice', { ...target, nice: 20 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
    // A reused pid (another start time) is never reniced.
    expect(await dispatchCommand(engine, 'supervisor:renice', { ...target, startTime: target.startTime + 1, nice: 3 })).toMatchObject({
      ok: false,
      error: { kind: 'pid-reused' },
    });
    expect(niceOf(child.pid!)).toBe(7);
  });

  it.skipIf(setprivMissing ?? notRoot)(
    `a host run as nobody (setpriv) is refused renicing root's process to a lower nice value, with a typed message (${setprivMissing ?? notRoot ?? 'runs'})`,
    async () => {
      const child = await start('sleep', ['30']);
      const home = mkdtempSync(join(tmpdir(), 'forkscope-nobody-'));
      dirs.push(home);
      chmodSync(home, 0o777);
      const serve = await startServe(
        ['--interval', '500'],
        { HOME: home, FORKSCOPE_CONFIG_DIR: home, XDG_DATA_HOME: home },
        {
          runAs: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
        },
      );
      serves.push(serve);
      const hostUid = readFileSync(`/proc/${serve.child.pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1];
      expect(hostUid).toBe('65534');
      const { ws, results } = await openCallSocket<{ ok: boolean; error?: { kind: string; message: string } }>(serve.url);
      const target = { pid: child.pid!, startTime: readProcess(child.pid!)!.startTime };
      ws.send(JSON.stringify({ type: 'call', id: 1, command: 'supervisor:renice', request: { ...target, nice: -5 } }));
      const answer = await waitFor('the renice answer', () => results.get(1), 15_000);
      ws.close();
      expect(answer).toMatchObject({ ok: false, error: { kind: 'access-denied', message: expect.stringContaining('belongs to root') } });
      expect(niceOf(child.pid!)).toBe(0);
    },
  );
});
