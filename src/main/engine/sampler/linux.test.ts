import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinuxProcessReader, parseStat } from './linux';

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Linux /proc reader', () => {
  it('parses stat from the last parenthesis', () => {
    const line = '4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 123456 9000000 250 18446744073709551615';
    expect(parseStat(line)).toMatchObject({ pid: 4242, name: 'a (b) c', state: 'sleeping', ppid: 1, pgid: 4242, sid: 4242, utimeTicks: 7, stimeTicks: 3, threads: 1, startTime: 123456, rssPages: 250 });
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

  it('reads itself with the right parent, owner and a cumulative CPU time', () => {
    const self = new LinuxProcessReader().read().find((r) => r.pid === process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid, uid: process.getuid!() });
    expect(self!.cpuTimeMs).toBeGreaterThan(0);
    expect(self!.threads).toBeGreaterThan(1);
  });
});
