import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { LinuxProcessReader } from './linux';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

function start(script: string): ChildProcess {
  const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
  started.push(child);
  return child;
}

describe('the sampler reader with held stat files', () => {
  it('reads fresh figures through a file it holds open, and lets the file go once the process is reaped', async () => {
    const busy = start('while :; do :; done');
    await new Promise((resolve) => busy.once('spawn', resolve));
    const reader = new LinuxProcessReader({ holdStatFiles: true });
    const first = await waitFor('busy in /proc', () => reader.readStat(busy.pid!));
    expect(reader.heldStatFiles()).toBe(1);
    const before = first.utimeTicks + first.stimeTicks;
    const later = await waitFor('its CPU time to grow, read through the held file', () => {
      const stat = reader.readStat(busy.pid!);
      return stat && stat.utimeTicks + stat.stimeTicks > before ? stat : undefined;
    });
    expect(later.startTime).toBe(first.startTime);
    expect(reader.heldStatFiles()).toBe(1);
    busy.kill('SIGKILL');
    await new Promise((resolve) => busy.once('exit', resolve));
    // Reaped by Node: the held file reads nothing any more (ESRCH), and a read of the pid finds no one.
    await waitFor('the pid gone', () => reader.readStat(busy.pid!) === null);
    expect(reader.heldStatFiles()).toBe(0);
    reader.close();
  });

  it('readPids reads the given processes only, without listing /proc, and drops what it holds for others', async () => {
    const a = start('sleep 30');
    const b = start('sleep 30');
    await Promise.all([a, b].map((child) => new Promise((resolve) => child.once('spawn', resolve))));
    const reader = new LinuxProcessReader({ holdStatFiles: true });
    expect(reader.read().length).toBeGreaterThan(2);
    expect(reader.heldStatFiles()).toBeGreaterThan(2);
    const rows = reader.readPids([a.pid!, b.pid!, a.pid!, 999_999_999]);
    expect(rows.map((row) => row.pid).sort()).toEqual([a.pid!, b.pid!].sort());
    expect(rows.find((row) => row.pid === a.pid)).toMatchObject({ ppid: process.pid, state: 'sleeping' });
    expect(reader.heldStatFiles()).toBe(2);
    reader.close();
    expect(reader.heldStatFiles()).toBe(0);
  });

  it('a one-off reader holds nothing', () => {
    const reader = new LinuxProcessReader();
    expect(reader.read().length).toBeGreaterThan(0);
    expect(reader.heldStatFiles()).toBe(0);
  });
});
