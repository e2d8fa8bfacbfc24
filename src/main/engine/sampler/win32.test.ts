import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCimDate, parseWin32Json, win32Script } from './win32';

// Recorded in the documented ConvertTo-Json shapes of Win32_Process (this suite cannot run Windows).
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');

describe('Windows CIM parser', () => {
  it('reads Windows PowerShell 5.1 output: /Date(ms)/ dates, 100 ns CPU units, null command lines', () => {
    const rows = parseWin32Json(fixture('win32-cim-ps51.json'));
    expect(rows.map((r) => r.pid)).toEqual([0, 4, 6120, 7312, 7400]);
    expect(rows.find((r) => r.pid === 7312)).toEqual({
      pid: 7312,
      ppid: 6120,
      pgid: null,
      sid: null,
      name: 'node.exe',
      cmd: '"C:\\Program Files\\nodejs\\node.exe" server.js --port 3000',
      state: 'running',
      uid: null,
      user: null,
      startTime: Date.UTC(2026, 10, 23, 8, 10, 0),
      startedAt: Date.UTC(2026, 10, 23, 8, 10, 0),
      cpuTimeMs: 2203.125,
      rssBytes: 52_428_800,
      threads: 11,
    });
    expect(rows.find((r) => r.pid === 4)).toMatchObject({ name: 'System', cmd: '[System]', ppid: 0, threads: 262 });
    expect(rows.find((r) => r.pid === 0)).toMatchObject({ startTime: 0, name: 'System Idle Process' });
    // A UInt64 written as a string still counts.
    expect(rows.find((r) => r.pid === 7400)).toMatchObject({ name: 'orphan tool (x86).exe', rssBytes: 18_446_744_073_709 });
  });

  it('reads PowerShell 7 output: ISO dates with offsets', () => {
    const rows = parseWin32Json(fixture('win32-cim-ps7.json'));
    expect(rows.find((r) => r.pid === 7312)!.startedAt).toBe(Date.UTC(2026, 10, 23, 8, 10, 0, 250));
    expect(rows.find((r) => r.pid === 4)!.startedAt).toBe(Date.UTC(2026, 10, 23, 7, 58, 1, 500));
  });

  it('reads a single process, which ConvertTo-Json writes as an object, and empty output', () => {
    expect(parseWin32Json(fixture('win32-cim-single.json'))).toHaveLength(1);
    expect(parseWin32Json('  \r\n')).toEqual([]);
  });

  it('understands every date shape and filters one pid as an integer', () => {
    expect(parseCimDate('/Date(1795421400000)/')).toBe(1795421400000);
    expect(parseCimDate({ value: '/Date(5)/', DateTime: 'Monday' })).toBe(5);
    expect(parseCimDate(null)).toBeNull();
    expect(parseCimDate('not a date')).toBeNull();
    expect(win32Script(42.7)).toContain('-Filter "ProcessId=42"');
    expect(win32Script()).toMatch(
      /OutputEncoding = \[System\.Text\.Encoding\]::UTF8; Get-CimInstance Win32_Process \| Select-Object ProcessId,.*ConvertTo-Json/,
    );
  });
});
