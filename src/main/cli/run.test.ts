import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotSchema } from '../../shared/model';
import { descendantsOf } from '../../shared/analysis/tree';
import { readProcess, readProcessTable } from '../engine/sampler';
import { appRoot } from '../paths';
import { waitFor } from '../test-support/wait-for';
import { SNAPSHOT_BYTES } from '../test-support/snapshot-bytes';

// The built CLI, run as a user runs it (`npm test` builds first).
const bin = join(appRoot(), 'bin', 'forkscope.js');
const leftovers: number[] = [];
const owners: ChildProcess[] = [];

afterEach(() => {
  for (const owner of owners.splice(0)) owner.kill('SIGKILL');
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function alive(pid: number, startTime: number): boolean {
  const row = readProcess(pid);
  return row !== null && row.startTime === startTime && row.state !== 'zombie';
}

describe('forkscope run', () => {
  it('reports the zombie of `sh -c "sleep 0.2 & exec sleep 3"` with the spawned command as its parent', () => {
    const result = spawnSync(process.execPath, [bin, 'run', '--json', '--', 'sh', '-c', 'sleep 0.2 & exec sleep 1.5'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    const events = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const spawned = events.find((e) => e.type === 'spawned')!;
    const zombie = events.find((e) => e.type === 'became-zombie');
    expect(zombie).toBeDefined();
    expect(zombie!.ppid).toBe(spawned.pid);
    for (const e of events) expect(e).toMatchObject({ type: expect.any(String) });
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', exitCode: 0, zombies: [{ ppid: spawned.pid }] });
  });

  it('a shell loop of 30 /bin/true: 32 processes, 32 exit statuses, and none of them a zombie (each was reaped at once)', () => {
    const result = spawnSync(process.execPath, [bin, 'run', '--json', '--', 'sh', '-c', 'for i in $(seq 30); do /bin/true; done'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stderr.trim().split('\n').at(-1)!) as { exitCodes: unknown[] };
    // sh, seq and the 30 true, each with its status, as the kernel's events tell them.
    expect(summary).toMatchObject({ type: 'summary', lifecycle: { mode: 'events' }, processes: 32, exitCode: 0 });
    expect(summary.exitCodes).toHaveLength(32);
    // Every process is a zombie from its exit to its reaping: only one left unreaped is reported.
    expect(summary).toMatchObject({ zombies: [] });
  });

  it('passes the command output through unchanged and exits with its code', () => {
    const result = spawnSync(process.execPath, [bin, 'run', '--', 'sh', '-c', 'printf "a b\\n c"; exit 7'], { encoding: 'utf8', timeout: 20_000 });
    expect(result.stdout).toBe('a b\n c');
    expect(result.status).toBe(7);
    expect(result.stderr).toMatch(/exited with code 7/);
  });

  it('daemon mode: when forkscope is SIGKILLed, its daemon child and grandchild die too', async () => {
    const owner = spawn(process.execPath, [bin, 'run', '--mode', 'daemon', '--', 'sh', '-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    owners.push(owner);
    const [daemon, grandchild] = await waitFor(
      'the daemon and its child',
      () => {
        const tree = descendantsOf(readProcessTable(), owner.pid!);
        const sh = tree.find((p) => p.name === 'sh' && p.ppid === owner.pid);
        const sleep = sh && tree.find((p) => p.ppid === sh.pid && p.name === 'sleep');
        return sh && sleep ? [sh, sleep] : undefined;
      },
      10_000,
    );
    leftovers.push(daemon!.pid, grandchild!.pid);
    owner.kill('SIGKILL');
    await waitFor('both gone within 2 s', () => !alive(daemon!.pid, daemon!.startTime) && !alive(grandchild!.pid, grandchild!.startTime), 2000);
  });

  it('detached mode: the child survives forkscope and is re-parented', async () => {
    const owner = spawn(process.execPath, [bin, 'run', '--mode', 'detached', '--', 'sleep', '30'], { stdio: 'ignore' });
    owners.push(owner);
    const child = await waitFor('the detached child', () => readProcessTable().find((p) => p.ppid === owner.pid && p.name === 'sleep'), 10_000);
    leftovers.push(child.pid);
    expect(child.sid).toBe(child.pid);
    owner.kill('SIGKILL');
    const adopted = await waitFor('re-parenting', () => {
      const row = readProcess(child.pid);
      return row && row.ppid !== owner.pid && row;
    });
    expect(adopted.startTime).toBe(child.startTime);
    expect(adopted.state).toBe('sleeping');
    const reapers = (process.env.FORKSCOPE_REAPER_PIDS ?? '1').split(',').map(Number).concat(1);
    expect(reapers).toContain(adopted.ppid);
  });
});

describe('forkscope snapshot orphans', () => {
  it('flags a process whose parent exited as an orphan, with no history', async () => {
    // setsid makes sh a session leader; it backgrounds sleep and exits, so sleep's session leader is gone.
    const starter = spawnSync('setsid', ['sh', '-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
    const orphanPid = Number(starter.stdout.trim());
    leftovers.push(orphanPid);
    // sh has exited (spawnSync returned), so sleep is re-parented; wait until it has exec'd and sleeps.
    await waitFor('the orphan asleep', () => readProcess(orphanPid)?.name === 'sleep' && readProcess(orphanPid)?.state === 'sleeping');
    const result = spawnSync(process.execPath, [bin, 'snapshot', '--json'], { encoding: 'utf8', timeout: 20_000, maxBuffer: SNAPSHOT_BYTES });
    const snapshot = SnapshotSchema.parse(JSON.parse(result.stdout));
    expect(snapshot.orphans).toContain(orphanPid);
    expect(snapshot.processes.find((p) => p.pid === orphanPid)).toMatchObject({ orphan: true, zombie: false });
    // Forkscope's own process, with a live parent, is not one.
    expect(snapshot.orphans).not.toContain(process.pid);
  });
});
