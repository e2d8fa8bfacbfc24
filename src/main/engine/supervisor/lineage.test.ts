import { describe, expect, it } from 'vitest';
import { processInfo } from '../../../shared/__fixtures__/process-info';
import type { EngineEvent } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { Lineage } from './lineage';

const p = (pid: number, ppid: number, startTime = pid * 10): ProcessInfo =>
  processInfo(pid, ppid, 'sh', { startTime, pgid: pid, sid: pid, threads: 1, formerParent: null });
const started = (process: ProcessInfo): EngineEvent => ({ type: 'started', t: 0, process });

describe('Lineage', () => {
  it('keeps a double-forked grandchild in its tree after the middle process exits and it is re-parented to init', () => {
    const lineage = new Lineage();
    // The grandchild's event comes first in its batch: parents must still be found.
    lineage.observe([started(p(102, 101)), started(p(100, 1)), started(p(101, 100))]);
    lineage.observe([
      { type: 'ended', t: 1, pid: 101, startTime: 1010, ppid: 100, name: 'sh' },
      { type: 'reparented', t: 1, pid: 102, startTime: 1020, ppid: 1, name: 'sh', from: 101, to: 1 },
    ]);
    expect(lineage.descendants({ pid: 100, startTime: 1000 }).sort()).toEqual(['101@1010', '102@1020']);
    // A newcomer on a reused pid is not the old process's child.
    lineage.observe([started(p(101, 100, 5555))]);
    expect(lineage.descendants({ pid: 101, startTime: 1010 })).toEqual(['102@1020']);
    expect(lineage.descendants({ pid: 7, startTime: 70 })).toEqual([]);
  });
});
