import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import { tableAsCsv } from './export-table';

describe('CSV export', () => {
  it('writes a header and quotes cells with commas, quotes or newlines', () => {
    const p: ProcessInfo = {
      pid: 7,
      ppid: 1,
      name: 'a,b',
      cmd: 'say "hi"\nbye',
      state: 'sleeping',
      user: null,
      startedAt: 5,
      startTime: 9,
      cpuPercent: 1.5,
      rssBytes: null,
      zombie: false,
      orphan: true,
    };
    const [header, line, end] = tableAsCsv([p]).split(/\n(?=\d|$)/);
    expect(header).toBe('pid,ppid,name,state,cpuPercent,rssBytes,user,startedAt,zombie,orphan,cmd');
    expect(line).toBe('7,1,"a,b",sleeping,1.5,,,5,false,true,"say ""hi""\nbye"');
    expect(end).toBe('');
  });
});
