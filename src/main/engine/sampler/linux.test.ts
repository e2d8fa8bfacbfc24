import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinuxProcessReader, parseStat } from './linux';

const started: ChildProcess[] = [];
/** Shells that start children of their own: killed as a process group. */
const groups: number[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Linux /proc reader', () => {
  it('parses stat from the last parenthesis', () => {
    const line = '4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 123456 9000000 250 18446744073709551615';
    expect(parseStat(line)).toMatchObject({
      pid: 4242,
      name: 'a (b) c',
      state: 'sleeping',
      ppid: 1,
      pgid: 4242,
      sid: 4242,
      utimeTicks: 7,
      stimeTicks: 3,
      threads: 1,
      startTime: 123456,
      rssPages: 250,
    });
    expect(parseStat('garbage')).toBeNull();
  });

  it('reads a real process whose name has spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-name-'));
    dirs.push(dir);
    const odd = join(dir, 'a (b) c');
    copyFileSync('/bin/sleep', odd);
    const child = spawn(odd, ['30'], { stdio: 'ignore' });
    started.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    const row = new LinuxProcessReader().read().find((r) => r.pid === child.pid);
    expect(row).toBeDefined();
    expect(row!.name).toBe('a (b) c');
    expect(row!.ppid).toBe(process.pid);
    expect(row!.cmd).toBe(`${odd} 30`);
    expect(row!.state).toBe('sleeping');
    expect(row!.user).not.toBeNull();
    expect(row!.rssBytes).toBeGreaterThan(0);
    expect(Math.abs(row!.startedAt - Date.now())).toBeLessThan(60_000);
  });

  it('sees the new command line after exec, even when the name (comm) stays the same', async () => {
    // sh execs sh: same pid, same start time, same comm; only the command line changes.
    const child = spawn('sh', ['-c', 'sleep 0.3; exec sh -c "sleep 30; :" second'], { stdio: 'ignore', detached: true });
    started.push(child);
    groups.push(child.pid!);
    await new Promise((resolve) => child.once('spawn', resolve));
    const reader = new LinuxProcessReader();
    const before = reader.read().find((r) => r.pid === child.pid);
    expect(before?.cmd).toContain('sleep 0.3');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const after = reader.read().find((r) => r.pid === child.pid);
    expect(after).toMatchObject({ name: 'sh', startTime: before!.startTime, cmd: 'sh -c sleep 30; : second' });
  });

  it('sees the new command line after exec of another program', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.3; exec sleep 30'], { stdio: 'ignore' });
    started.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    const reader = new LinuxProcessReader();
    expect(reader.read().find((r) => r.pid === child.pid)?.name).toBe('sh');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(reader.read().find((r) => r.pid === child.pid)).toMatchObject({ name: 'sleep', cmd: 'sleep 30' });
  });

  it('reads itself with the right parent, owner and a cumulative CPU time', () => {
    const self = new LinuxProcessReader().read().find((r) => r.pid === process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid, uid: process.getuid!() });
    expect(self!.cpuTimeMs).toBeGreaterThan(0);
    expect(self!.threads).toBeGreaterThan(1);
  });
});
