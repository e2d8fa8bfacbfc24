import { describe, expect, it } from 'vitest';
import { useOpenedSynthetic } from './__fixtures__/opened-synthetic';
import { parseRecording } from './reader';
import { formatSummary, summarize } from './summary';

const opened = useOpenedSynthetic();

describe('summarize', () => {
  it('lists the processes seen with lifetimes, exits, zombies and orphans with their parents', () => {
    const s = summarize(opened());
    expect(s).toMatchObject({ host: 'testhost', platform: 'linux', durationMs: 24_000, complete: true, notice: null, keyframes: 1, actions: 1 });
    expect(s.counts).toEqual({ seen: 33, startedDuring: 30, endedDuring: 29, zombies: 1, orphans: 1 });
    expect(s.processes.find((p) => p.name === 'init')).toMatchObject({ startDt: null, endDt: null, ppid: 0, parentName: null });
    expect(s.processes.filter((p) => p.pid === 4242)).toEqual([
      expect.objectContaining({ name: 'sleep', startDt: 2000, endDt: 4000, exitCode: null, exitSignal: 'SIGTERM', parentName: 'bash' }),
      expect.objectContaining({ name: 'python3', startDt: 5000, endDt: 20_000, exitCode: null, exitSignal: null }),
    ]);
    expect(s.zombies).toEqual([{ pid: 301, startTime: 3016, name: 'sleep', ppid: 300, parentName: 'zombie-maker', dt: 7000, reapedDt: 13_000 }]);
    expect(s.orphans).toEqual([{ pid: 401, startTime: 4018, name: 'sleep', formerParent: { pid: 400, name: 'orphan-maker' }, newPpid: 1, dt: 9000 }]);
  });

  it('prints the text of `forkscope replay FILE --summary`', () => {
    const text = formatSummary(summarize(opened()), { limit: 3 });
    expect(text).toBe(
      [
        'Forkscope recording of testhost (linux), made by Forkscope 0.1.0-test',
        'Started 2025-01-02T03:04:05.000Z, lasts 00:24, sampled every 1000 ms; 126 records, 1 keyframe, 1 action',
        'Processes: 33 seen; 30 started and 29 ended during the recording; 1 zombie, 1 orphan',
        '',
        'Zombies (1):',
        '     00:07  sleep 301, parent zombie-maker 300: reaped at 00:13',
        '',
        'Orphans (1):',
        '     00:09  sleep 401, former parent orphan-maker 400, adopted by 1',
        '',
        'Processes that started or ended during the recording (first 3 of 30):',
        '     start       end      pid  name              parent                  exit',
        '     00:01     00:02   100001  true              bash 100',
        '     00:02     00:03   100002  true              bash 100',
        '     00:02     00:04     4242  sleep             bash 100                signal SIGTERM',
        '',
      ].join('\n'),
    );
  });

  it('carries the notice of a recording cut short', async () => {
    const cut = await parseRecording(Buffer.from(`${JSON.stringify(opened().header)}\n`));
    if (!cut.ok) throw new Error(cut.error.message);
    const text = formatSummary(summarize(cut.value));
    expect(text).toContain(
      '0 records, 0 keyframes, 0 actions (incomplete)\nNotice: the recording was cut short after 0 records (the writer did not close it); showing what was written up to 00:00\n',
    );
    expect(text).toContain('Processes: 0 seen;');
  });
});
