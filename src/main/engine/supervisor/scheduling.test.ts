import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../dispatch';
import { call, valueOf } from '../../test-support/call';
import { startServe, openCallSocket } from '../../test-support/serve-process';
import { waitFor } from '../../test-support/wait-for';
import { readProcess } from '../sampler';
import { priorityHarness } from './__fixtures__/priority-harness';
import { Engine } from '../engine';

const { serves, dirs, engines, start, setprivMissing } = priorityHarness();
function engine(): Engine {
  const made = new Engine({ shell: 'host' });
  engines.push(made);
  return made;
}
const targetOf = (child: ChildProcess) => ({ pid: child.pid!, startTime: readProcess(child.pid!)!.startTime });

/** util-linux, the oracle: "best-effort: prio 6", "idle", "realtime: prio 2". */
const ioniceOf = (pid: number): string => execFileSync('ionice', ['-p', String(pid)], { encoding: 'utf8' }).trim();
/** "pid 42's current affinity list: 1" → "1". */
const tasksetOf = (pid: number): string =>
  execFileSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' })
    .trim()
    .split(': ')[1]!;
const online = readFileSync('/sys/devices/system/cpu/online', 'utf8').trim();
const lastCpu = Number(online.split(/[-,]/).pop());
const notRoot = process.getuid?.() === 0 ? null : 'these tests set the realtime class and start the host as another user, which needs root';
for (const reason of [setprivMissing, notRoot]) if (reason) console.log(`scheduling tests skipped: ${reason}`);
const threeThreads =
  'import threading, time\nfor _ in range(2): threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\ntime.sleep(60)';

describe('ionice and CPU affinity through the contract', () => {
  it.skipIf(notRoot)(
    'sets the I/O class and level, read back by ionice -p and by Details; an unknown class is refused naming the classes',
    async () => {
      const child = await start('sleep', ['30']);
      const host = engine();
      const target = targetOf(child);
      expect(await call(host, 'supervisor:ionice', { ...target, class: 'best-effort', level: 6 })).toEqual({
        ok: true,
        value: { class: 'best-effort', level: 6 },
      });
      expect(ioniceOf(child.pid!)).toBe('best-effort: prio 6');
      expect(valueOf(await call(host, 'sampler:details', target)).ioPriority).toEqual({ class: 'best-effort', level: 6 });
      expect(valueOf(await call(host, 'supervisor:ionice', { ...target, class: 'idle' }))).toEqual({ class: 'idle', level: null });
      expect(ioniceOf(child.pid!)).toBe('idle');
      expect(valueOf(await call(host, 'supervisor:ionice', { ...target, class: 'realtime', level: 2 }))).toEqual({ class: 'realtime', level: 2 });
      expect(ioniceOf(child.pid!)).toBe('realtime: prio 2');
      expect(await dispatchCommand(host, 'supervisor:ionice', { ...target, class: 'urgent', level: 1 })).toMatchObject({
        ok: false,
        error: { kind: 'invalid-request', message: expect.stringContaining('unknown I/O class "urgent": ionice\'s classes are idle, best-effort') },
      });
      expect(ioniceOf(child.pid!)).toBe('realtime: prio 2');
    },
  );

  it('sets the CPUs of every thread, read back by taskset -p and Details; a CPU the machine lacks is refused naming what it has', async () => {
    const child = await start('python3', ['-c', threeThreads]);
    await waitFor('its two threads', () => readdirSync(`/proc/${child.pid}/task`).length === 3);
    const host = engine();
    const target = targetOf(child);
    expect(await call(host, 'supervisor:affinity', { ...target, cpus: [lastCpu] })).toEqual({ ok: true, value: { cpus: [lastCpu] } });
    expect(tasksetOf(child.pid!)).toBe(String(lastCpu));
    for (const tid of readdirSync(`/proc/${child.pid}/task`)) expect(tasksetOf(Number(tid))).toBe(String(lastCpu));
    expect(valueOf(await call(host, 'sampler:details', target)).affinity).toEqual([lastCpu]);

    expect(await call(host, 'supervisor:affinity', { ...target, cpus: [0, lastCpu + 1] })).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid-request',
        message: `CPU ${lastCpu + 1} is not present: this machine has CPU ${online} online`,
        facts: { reason: 'no-such-cpu', value: lastCpu + 1 },
      },
    });
    expect(tasksetOf(child.pid!)).toBe(String(lastCpu));
  });

  it('a process that is gone, or whose pid was reused, is not touched: typed no-such-process and pid-reused', async () => {
    const host = engine();
    const child = await start('sleep', ['30']);
    const target = targetOf(child);
    // Another start time is another process that has the pid now.
    expect(await call(host, 'supervisor:ionice', { ...target, startTime: target.startTime + 1, class: 'idle' })).toMatchObject({
      ok: false,
      error: { kind: 'pid-reused' },
    });
    expect(await call(host, 'supervisor:affinity', { ...target, startTime: target.startTime + 1, cpus: [0] })).toMatchObject({
      ok: false,
      error: { kind: 'pid-reused' },
    });
    expect(ioniceOf(child.pid!)).not.toBe('idle');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await call(host, 'supervisor:ionice', { ...target, class: 'idle' })).toMatchObject({ ok: false, error: { kind: 'no-such-process' } });
    expect(await call(host, 'supervisor:affinity', { ...target, cpus: [0] })).toMatchObject({ ok: false, error: { kind: 'no-such-process' } });
  });

  it('both are refused while a replay is shown: they would act on the machine, not the recording', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-sched-replay-'));
    dirs.push(dir);
    const file = join(dir, 'session.fsrec.gz');
    const host = engine();
    valueOf(await call(host, 'recorder:start', { path: file }));
    valueOf(await call(host, 'recorder:stop', {}));
    valueOf(await call(host, 'replay:open', { path: file }));
    const child = await start('sleep', ['30']);
    const target = targetOf(child);
    for (const refused of [
      await call(host, 'supervisor:ionice', { ...target, class: 'idle' }),
      await call(host, 'supervisor:affinity', { ...target, cpus: [0] }),
    ])
      expect(refused).toMatchObject({ ok: false, error: { kind: 'refused', message: expect.stringContaining('live actions are off') } });
    expect(ioniceOf(child.pid!)).not.toBe('idle');
  });

  it.skipIf(setprivMissing ?? notRoot)(
    `a host run as nobody (setpriv) is refused root's process and the realtime class, with typed messages naming what is needed (${setprivMissing ?? notRoot ?? 'runs'})`,
    async () => {
      const rootOwned = await start('sleep', ['30']);
      const nobodyOwned = await start('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '30']);
      await waitFor('the nobody sleep to exec', () => readProcess(nobodyOwned.pid!)?.name === 'sleep');
      const home = mkdtempSync(join(tmpdir(), 'forkscope-nobody-'));
      dirs.push(home);
      chmodSync(home, 0o777);
      const serve = await startServe(
        ['--interval', '500'],
        { HOME: home, FORKSCOPE_CONFIG_DIR: home, XDG_DATA_HOME: home },
        { runAs: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] },
      );
      serves.push(serve);
      expect(readFileSync(`/proc/${serve.child.pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1]).toBe('65534');
      const { ws, results } = await openCallSocket<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>(serve.url);
      const ask = async (id: number, command: string, request: object) => {
        ws.send(JSON.stringify({ type: 'call', id, command, request }));
        return waitFor(`the ${command} answer`, () => results.get(id), 15_000);
      };
      const root = targetOf(rootOwned);
      const mine = targetOf(nobodyOwned);
      const before = { io: ioniceOf(root.pid), cpus: tasksetOf(root.pid) };
      expect(await ask(1, 'supervisor:ionice', { ...root, class: 'idle' })).toMatchObject({
        ok: false,
        error: {
          kind: 'access-denied',
          message: expect.stringContaining("belongs to root; changing another user's I/O priority needs root (CAP_SYS_NICE)"),
        },
      });
      expect(await ask(2, 'supervisor:affinity', { ...root, cpus: [0] })).toMatchObject({
        ok: false,
        error: { kind: 'access-denied', message: expect.stringContaining("changing another user's CPU affinity needs root (CAP_SYS_NICE)") },
      });
      expect({ io: ioniceOf(root.pid), cpus: tasksetOf(root.pid) }).toEqual(before);
      // Its own process: best-effort is allowed, realtime needs a capability nobody lacks.
      expect(await ask(3, 'supervisor:ionice', { ...mine, class: 'best-effort', level: 7 })).toEqual({
        ok: true,
        value: { class: 'best-effort', level: 7 },
      });
      expect(await ask(4, 'supervisor:ionice', { ...mine, class: 'realtime', level: 0 })).toMatchObject({
        ok: false,
        error: { kind: 'access-denied', message: expect.stringContaining('the realtime I/O class for process') },
      });
      expect(results.get(4)?.error?.message).toContain('needs root (CAP_SYS_NICE or CAP_SYS_ADMIN)');
      expect(ioniceOf(nobodyOwned.pid!)).toBe('best-effort: prio 7');
      ws.close();
    },
  );
});
