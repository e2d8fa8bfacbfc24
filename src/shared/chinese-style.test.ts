import { describe, expect, it } from 'vitest';
import { chineseStyleProblems } from './chinese-style';

describe('Chinese house style', () => {
  it('flags half-width punctuation next to Chinese, and other words for subreaper', () => {
    expect(chineseStyleProblems('已拒绝:Forkscope 自身')).toHaveLength(1);
    expect(chineseStyleProblems('等待结束 (join)')).toHaveLength(1);
    expect(chineseStyleProblems('先收到 SIGTERM,3 秒后仍存活则收到 SIGKILL:')).toHaveLength(2);
    expect(chineseStyleProblems('CPU(全部核心)')).toHaveLength(2);
    expect(chineseStyleProblems('结束父进程后 init(或子回收者)会回收它们。')).toHaveLength(3);
  });

  it('leaves code, placeholders and full-width text alone', () => {
    expect(chineseStyleProblems('筛选：关键词、state:zombie、user:root、pid:123')).toEqual([]);
    expect(chineseStyleProblems('{{shell}} 进程号 {{pid}} · v{{version}}')).toEqual([]);
    expect(chineseStyleProblems('最近的子收割者（PR_SET_CHILD_SUBREAPER）收养它。')).toEqual([]);
    expect(chineseStyleProblems('Forkscope (pid {{pid}})')).toEqual([]);
    expect(chineseStyleProblems('最多 1,024 个')).toEqual([]);
  });
});
