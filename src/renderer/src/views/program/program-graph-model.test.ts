import { describe, expect, it } from 'vitest';
import type { ProgramPython } from '../../../../shared/python-program';
import { programGraph, shortSites } from './program-graph-model';

const process = (pid: number, name: string, exitcode: number | null = null) => ({
  pid,
  name,
  target: name === 'MainProcess' ? null : '__main__.work',
  targetSite: name === 'MainProcess' ? null : 'src/app.py:3',
  daemon: false,
  startMethod: null,
  parentPid: null,
  exitcode,
  startedAt: null,
  terminatedAt: null,
  killedAt: null,
  joinedBy: null,
  joins: 0,
  joinWaitMs: 0,
  maxJoinWaitMs: 0,
});
const user = (pid: number, out: number, inn: number, blockedNow = false) => ({ pid, out, in: inn, blockedMs: 0, blockedNow });

function program(puts: number): ProgramPython {
  return {
    processes: [process(1, 'MainProcess'), process(2, 'Process-1')],
    pools: [],
    locks: [
      {
        id: 'src/app.py:9',
        kind: 'Lock',
        acquires: 3,
        contended: 1,
        waitMs: 2,
        maxWaitMs: 2,
        holderPid: 2,
        gaveUp: 0,
        waits: 0,
        waitCallMs: 0,
        sets: 0,
        clears: 0,
        users: [user(1, 1, 0, true), user(2, 2, 0)],
      },
    ],
    pipes: [],
    queueUsers: [
      { id: 'src/app.py:8', ...user(1, puts, 0) },
      { id: 'src/app.py:8', ...user(2, 0, puts) },
    ],
    eventsDropped: 0,
  };
}

describe('the Program view graph', () => {
  it('draws puts into a queue and gets out of it, rates from the change, a process waiting on a lock as blocked', () => {
    const { nodes, edges } = programGraph(program(30), [], { python: program(10), t: 1000 }, 3000);
    expect(nodes.map((n) => [n.id, n.label, n.blocked])).toEqual([
      ['process:1', 'MainProcess', true],
      ['process:2', 'Process-1 · work() app.py:3', false],
      ['lock:src/app.py:9', 'Lock app.py:9', false],
    ]);
    expect(edges).toEqual([
      { from: 'process:1', to: 'queue:src/app.py:8', rate: 10, waiting: false },
      { from: 'queue:src/app.py:8', to: 'process:2', rate: 10, waiting: false },
      { from: 'process:1', to: 'lock:src/app.py:9', rate: 0, waiting: true },
      { from: 'process:2', to: 'lock:src/app.py:9', rate: 0, waiting: false },
    ]);
  });

  it('draws each process calling a manager, with the rate of its calls, and the manager pointing to its server process', () => {
    const withManager = (calls: number): ProgramPython => ({
      ...program(0),
      processes: [process(1, 'MainProcess'), process(2, 'Process-1'), process(3, 'SyncManager-1')],
      locks: [],
      queueUsers: [],
      managers: [
        {
          id: 'src/app.py:5',
          kind: 'SyncManager',
          ownerPid: 1,
          serverPid: 3,
          serverName: 'SyncManager-1',
          calls: calls + 4,
          byType: { dict: { proxies: 1, calls: calls + 1 }, Queue: { proxies: 1, calls: 3 } },
          proxies: [
            {
              id: 'src/app.py:6',
              type: 'dict',
              calls: calls + 1,
              callMs: 1,
              maxCallMs: 1,
              raised: 0,
              users: [user(1, 1, 0), user(2, calls, 0, true)],
            },
            { id: 'src/app.py:7', type: 'Queue', calls: 3, callMs: 1, maxCallMs: 1, raised: 0, users: [user(1, 3, 0)] },
          ],
        },
      ],
    });
    const { nodes, edges } = programGraph(withManager(50), [], { python: withManager(10), t: 1000 }, 2000);
    expect(nodes.at(-1)).toMatchObject({
      id: 'manager:src/app.py:5',
      kind: 'manager',
      label: 'SyncManager app.py:5',
      detail: 'server 3 · dict 51 · Queue 3',
    });
    expect(edges).toEqual([
      { from: 'process:1', to: 'manager:src/app.py:5', rate: 0, waiting: false },
      { from: 'process:2', to: 'manager:src/app.py:5', rate: 40, waiting: true },
      { from: 'manager:src/app.py:5', to: 'process:3', rate: 0, waiting: false },
    ]);
  });

  it('names sites by their file', () => {
    expect(shortSites('Queue /home/me/src/app.py:12#2 and C:\\work\\b.py:3')).toBe('Queue app.py:12#2 and b.py:3');
  });
});
