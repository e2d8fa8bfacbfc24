import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { LinuxProcessReader } from './linux';

const groups: number[] = [];
afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function start(script: string): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  groups.push(child.pid!);
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}

const childrenOf = (reader: LinuxProcessReader, ppid: number) => reader.read().filter((row) => row.ppid === ppid);

describe.runIf(process.platform === 'linux')('a routine tick gives an idle process its last row again', () => {
  it('gives a sleeping process the same row without reading its stat, and a busy one fresh figures', async () => {
    const sleeper = await start('exec sleep 60');
    const busy = await start('while :; do :; done');
    const reader = new LinuxProcessReader({ holdStatFiles: true });
    // Their parent (this process) is read too: a row whose parent is not in the table is read in full (re-parented).
    const pids = [process.pid, sleeper.pid!, busy.pid!];
    const first = await waitFor('both read, the sleeper asleep', () => {
      const rows = reader.readPids(pids);
      return rows.length === 3 && rows[1]!.state === 'sleeping' && rows[1]!.name === 'sleep' ? rows : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [, sleeping, running] = reader.readPids(pids, undefined, { skipIdle: true });
    expect(sleeping).toBe(reader.readPids(pids, undefined, { skipIdle: true })[1]);
    expect(sleeping).toEqual(first[1]);
    expect(running!.cpuTimeMs!).toBeGreaterThan(first[2]!.cpuTimeMs!);
    // Without skipIdle (the ticks that list /proc), every row is read afresh.
    expect(reader.readPids(pids)[1]).not.toBe(sleeping);
    reader.close();
  });

  it('reads an idle process in full when its parent is gone (it was re-parented) or it was reniced', async () => {
    const parent = await start('sleep 60 & sleep 60 & wait');
    const reader = new LinuxProcessReader({ holdStatFiles: true });
    const sleeps = await waitFor('the two sleeps', () => {
      const rows = childrenOf(reader, parent.pid!);
      return rows.length === 2 && rows.every((row) => row.name === 'sleep') ? rows : undefined;
    });
    const pids = sleeps.map((row) => row.pid);
    reader.readPids([parent.pid!, ...pids]);
    // The parent alone is killed: its sleeps are re-parented without running.
    process.kill(parent.pid!, 'SIGKILL');
    await new Promise((resolve) => parent.once('exit', resolve));
    const moved = await waitFor('the sleeps re-parented', () => {
      const rows = reader.readPids([parent.pid!, ...pids], undefined, { skipIdle: true });
      return rows.length === 2 && rows.every((row) => row.ppid !== parent.pid) ? rows : undefined;
    });
    expect(moved.map((row) => row.pid).sort()).toEqual([...pids].sort());

    const target = pids[0]!;
    const known = moved.map((row) => row.ppid).concat(pids);
    reader.readPids(known);
    const before = reader.readPids(known, undefined, { skipIdle: true }).find((row) => row.pid === target)!;
    expect(reader.readPids(known, undefined, { skipIdle: true }).find((row) => row.pid === target)).toBe(before);
    setPriority(target, 7);
    reader.invalidate(target);
    const after = reader.readPids(known, undefined, { skipIdle: true }).find((row) => row.pid === target)!;
    expect(after.nice).toBe(7);
    expect(before.nice).not.toBe(7);
    reader.close();
  });
});
