import { describe, expect, it } from 'vitest';
import { ProcessHistory } from './process-history';

describe('ProcessHistory', () => {
  it('keeps changes only, and reads back one point per tick with the value held between changes', () => {
    const history = new ProcessHistory(5);
    history.tick(1000);
    history.note('a', { cpuPercent: 1, rssBytes: 10 }, 1000);
    history.tick(2000);
    history.tick(3000);
    history.note('a', { cpuPercent: 1, rssBytes: 10 }, 3000); // unchanged: not kept
    history.tick(4000);
    history.note('a', { cpuPercent: 7, rssBytes: 10 }, 4000);
    expect(history.read('a')).toEqual([
      { t: 1000, cpu: 1, rss: 10 },
      { t: 2000, cpu: 1, rss: 10 },
      { t: 3000, cpu: 1, rss: 10 },
      { t: 4000, cpu: 7, rss: 10 },
    ]);
  });

  it('reaches back exactly `limit` ticks, and a process seen later starts at its first tick', () => {
    const history = new ProcessHistory(3);
    for (let t = 1; t <= 6; t++) {
      history.tick(t);
      history.note('old', { cpuPercent: t, rssBytes: null }, t);
    }
    history.note('new', { cpuPercent: 9, rssBytes: 1 }, 5.5);
    expect(history.read('old').map((p) => [p.t, p.cpu])).toEqual([
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
    expect(history.read('new')).toEqual([{ t: 6, cpu: 9, rss: 1 }]);
    history.forget('old');
    expect(history.read('old')).toEqual([]);
  });
});
