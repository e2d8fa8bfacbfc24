import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../events';
import { processInfo as info } from '../__fixtures__/process-info';
import { describeBurst, groupBursts } from './bursts';

const base = (pid: number, t: number) => ({ t, pid, startTime: pid, ppid: 10, name: 'cc' });

describe('bursts in the event log', () => {
  it('folds 412 children of make, started within seconds, into one line that counts the non-zero exits', () => {
    const events: EngineEvent[] = [{ type: 'started', t: 0, process: info(10, 1, 'make') }];
    for (let i = 0; i < 412; i++) {
      const pid = 100 + i;
      const t = 1000 + i * 7;
      events.push({ type: 'started', t, process: info(pid, 10, 'make') });
      events.push({ type: 'exec', ...base(pid, t + 1), formerName: 'make', cmd: null });
      events.push({ type: 'exit', ...base(pid, t + 2), code: i < 3 ? 2 : 0, signal: null, core: false, runMs: 1 });
      events.push({ type: 'ended', ...base(pid, t + 3) });
    }
    events.push({ type: 'orphaned', ...base(999, 5000), formerParent: { pid: 10, name: 'make' } });
    const items = groupBursts(events);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ kind: 'event', event: { type: 'started' } });
    expect(items[1]).toMatchObject({ kind: 'burst', burst: { ppid: 10, started: 412, nonZero: 3 } });
    expect(describeBurst((items[1] as { burst: Parameters<typeof describeBurst>[0] }).burst)).toBe(
      'make started 412 processes in 3 s; 3 exited non-zero',
    );
    expect(items[2]).toMatchObject({ kind: 'event', event: { type: 'orphaned' } });
  });

  it('leaves a few starts, or starts far apart, as they are', () => {
    const events: EngineEvent[] = [];
    for (let i = 0; i < 30; i++) events.push({ type: 'started', t: i * 2000, process: info(100 + i, 10, 'cron') });
    expect(groupBursts(events).every((item) => item.kind === 'event')).toBe(true);
  });
});
