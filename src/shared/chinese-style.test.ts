import { describe, expect, it } from 'vitest';
import { chineseStyleProblems, latinWordRuns } from './chinese-style';

describe('Chinese house style', () => {
  it('flags half-width punctuation next to Chinese, and other words for subreaper', () => {
    expect(chineseStyleProblems('已拒绝:Forkscope 自身')).toHaveLength(1);
    expect(chineseStyleProblems('等待结束 (join)')).toHaveLength(2);
    expect(chineseStyleProblems('put(timeout=…) 抛出了 Full')).toEqual([]);
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

  it('finds runs of Latin words left in Chinese text, names and code-like tokens aside', () => {
    const allow = ['Forkscope', 'Python', 'Queue'];
    expect(latinWordRuns('the run is over；Forkscope 结束了 123（node）', allow)).toEqual(['the run is over']);
    expect(latinWordRuns('Forkscope Python 运行 python3 -u /usr/bin/node app.js，join() 之后 37 分 4 秒', allow)).toEqual([]);
    expect(latinWordRuns('Queue Lab 实验', allow)).toEqual([]);
    expect(latinWordRuns('队列 Queue Lab', ['Forkscope'])).toEqual(['Queue Lab']);
  });
});
