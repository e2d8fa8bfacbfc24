import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLstart, parsePsNames, parsePsTable, parsePsTime } from './darwin';

// Recorded in the documented format of macOS ps (this suite cannot run macOS).
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');
const rows = parsePsTable(fixture('darwin-ps-table.txt'), parsePsNames(fixture('darwin-ps-names.txt')));
const byPid = (pid: number) => rows.find((r) => r.pid === pid);

describe('macOS ps parser', () => {
  it('reads every line, with numbers, owner and local start time', () => {
    expect(rows.map((r) => r.pid)).toEqual([1, 312, 501, 733, 840, 901, 902, 903, 904, 905]);
    const startedAt = new Date(2026, 10, 23, 8, 10, 0).getTime();
    expect(byPid(901)).toEqual({
      pid: 901,
      ppid: 840,
      pgid: 901,
      sid: null,
      name: 'node',
      cmd: 'node server.js --port 3000',
      state: 'running',
      uid: 501,
      user: 'ada',
      startTime: startedAt,
      startedAt,
      cpuTimeMs: 125_500,
      rssBytes: 31744 * 1024,
      threads: null,
    });
    expect(byPid(312)).toMatchObject({ user: '_windowserver', cpuTimeMs: 7_425_670, ppid: 1 });
  });

  it('keeps spaces and parentheses in names and command lines', () => {
    expect(byPid(733)).toMatchObject({ name: 'Google Chrome Helper (Renderer)', ppid: 501 });
    expect(byPid(733)!.cmd).toMatch(/Google Chrome Helper \(Renderer\) --type=renderer --lang=en-GB$/);
    expect(byPid(905)).toMatchObject({ name: 'a (b) c', cmd: '/Users/ada/bin/a (b) c 30' });
  });

  it('maps BSD state letters: I is a long sleep, U an uninterruptible wait', () => {
    expect([840, 902, 903, 904].map((pid) => byPid(pid)!.state)).toEqual(['sleeping', 'zombie', 'stopped', 'disk-sleep']);
    expect(byPid(902)).toMatchObject({ name: 'sleep', cmd: '[sleep]' });
  });

  it('takes the name from the command line when the comm run missed a process', () => {
    const [row] = parsePsTable('  77     1    77   501 S    100   0:00.00 Mon Nov 23 08:10:00 2026 ada   /usr/bin/true --x\n');
    expect(row).toMatchObject({ pid: 77, name: 'true' });
  });

  it('parses CPU times and lstart, and refuses what it cannot read', () => {
    expect(parsePsTime('0:00.01')).toBe(10);
    expect(parsePsTime('61:02.50')).toBe(3_662_500);
    expect(parsePsTime('1-02:03:04')).toBe(93_784_000);
    expect(parsePsTime('soon')).toBeNull();
    expect(parseLstart(['Sun', 'Nov', '1', '08:18:37', '2026'])).toBe(new Date(2026, 10, 1, 8, 18, 37).getTime());
    expect(parseLstart(['Sun', 'Nob', '1', '08:18:37', '2026'])).toBeNull();
    expect(parsePsTable('PID PPID garbage\n\n')).toEqual([]);
  });
});
