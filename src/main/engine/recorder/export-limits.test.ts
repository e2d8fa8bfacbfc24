import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import type { BodyRecord, Recording } from '../../../shared/recording';
import { RECORDED_VALUE_DEPTH } from './bounded-value';
import { eventsToCsv, writeEventsCsv } from './event-csv';
import { writeTrace } from './perfetto';
import { EXPORT_PIECE_CHARS } from './piece-writer';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);
const header = {
  kind: 'header',
  format: 'forkscope-recording',
  version: 1,
  forkscopeVersion: '0.1.0',
  platform: 'linux',
  host: 'h',
  startedAt: T0,
  intervalMs: 1000,
} as const;
const recordingOf = (records: BodyRecord[]): Recording => ({
  header,
  records,
  trailer: null,
  complete: false,
  notice: null,
  durationMs: 60_000,
  keyframes: [],
});

describe('exports of recordings that push the limits', () => {
  it('CSV of an action whose request is 100,000 levels deep: the request is cut at the depth limit, nothing throws', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const recording = recordingOf([
      {
        kind: 'action',
        dt: 10,
        command: 'queue:start',
        request: { producers: deep },
        outcome: { ok: false, error: { kind: 'invalid-request', message: 'no' } },
      },
      { kind: 'event', dt: 20, event: { type: 'queue-started', t: T0 + 20, experiment: 1, config: deep } as never },
    ]);
    const csv = eventsToCsv(recording);
    const lines = csv.split('\r\n');
    expect(lines[1]).toMatch(/^10,action queue:start,,,,/);
    expect(lines[1]).toContain(`[cut: deeper than ${RECORDED_VALUE_DEPTH} levels]`);
    expect(lines[1]!.length).toBeLessThan(1000);
    expect(csv.length).toBeLessThan(4000);
  });

  it('Perfetto of 1,000,000 processes is written in pieces that parse as one trace', () => {
    const processes: ProcessInfo[] = [];
    for (let pid = 1; pid <= 1_000_000; pid++) {
      processes.push({
        pid,
        ppid: pid === 1 ? 0 : Math.floor(pid / 2),
        name: 'p',
        cmd: 'p',
        state: 'sleeping',
        user: null,
        startedAt: T0,
        startTime: pid,
        cpuPercent: null,
        rssBytes: null,
        zombie: false,
        orphan: false,
      });
    }
    const recording = recordingOf([
      { kind: 'keyframe', dt: 0, snapshot: { takenAt: T0, platform: 'linux', processes, zombies: [], orphans: [] }, system: null },
    ]);
    let chars = 0;
    let pieces = 0;
    let largest = 0;
    let head = '';
    let tail = '';
    let slices = 0;
    writeTrace(recording, (piece) => {
      pieces++;
      chars += piece.length;
      largest = Math.max(largest, piece.length);
      if (!head) head = piece.slice(0, 200);
      tail = piece.slice(-300);
      for (let at = piece.indexOf('"ph":"X"'); at >= 0; at = piece.indexOf('"ph":"X"', at + 1)) slices++;
    });
    console.log(`Perfetto export of 1,000,000 processes: ${(chars / 1e6).toFixed(0)} M characters in ${pieces} pieces`);
    // Past V8's longest string (2^29 - 24 characters): the old single JSON.stringify could not make it.
    expect(chars).toBeGreaterThan(2 ** 29);
    expect(largest).toBeLessThan(EXPORT_PIECE_CHARS + 64 * 1024);
    expect(slices).toBe(1_000_000);
    expect(head).toMatch(/^\{"traceEvents":\[\{"name":"process_name","ph":"M"/);
    expect(tail).toMatch(/\],"displayTimeUnit":"ms","metadata":\{"source":"Forkscope",.*\}\}$/);
  }, 300_000);

  it('CSV written in pieces is the same text as the whole', () => {
    const records: BodyRecord[] = Array.from({ length: 30_000 }, (_, i) => ({
      kind: 'event',
      dt: i,
      event: { type: 'ended', t: T0 + i, pid: i + 2, startTime: i, ppid: 1, name: `n${i}` },
    }));
    const recording = recordingOf(records);
    const pieces: string[] = [];
    writeEventsCsv(recording, (piece) => pieces.push(piece));
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.join('')).toBe(eventsToCsv(recording));
    expect(pieces.join('').split('\r\n')).toHaveLength(30_002);
  });
});
