import { describe, expect, it } from 'vitest';
import { chineseStyleProblems, latinWordRuns } from '../chinese-style';
import { lessonTextEn } from './en';
import { evidenceText, lessonParts, lessonText } from './format';
import { code, msg } from './message';
import { lessonTextZhCN } from './zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('lesson text tables', () => {
  it('keeps the same placeholders in Chinese as in English', () => {
    for (const [key, english] of Object.entries(lessonTextEn)) {
      expect(placeholders(lessonTextZhCN[key as keyof typeof lessonTextEn]), key).toEqual(placeholders(english));
    }
  });

  it('writes every Chinese sentence with full-width punctuation and 子收割者 for subreaper', () => {
    const problems = Object.entries(lessonTextZhCN).flatMap(([key, text]) => chineseStyleProblems(text).map((p) => `${key}: ${p}`));
    expect(problems).toEqual([]);
    const subreaper = Object.entries(lessonTextEn).filter(([, text]) => /subreaper/.test(text));
    expect(subreaper.filter(([key]) => !lessonTextZhCN[key as keyof typeof lessonTextEn].includes('子收割者'))).toEqual([]);
  });
});

describe('lesson text in Chinese', () => {
  it('leaves no run of English words in the Chinese sentences', () => {
    const left = Object.entries(lessonTextZhCN).flatMap(([key, text]) => latinWordRuns(text, ['Forkscope']).map((run) => `${key}: ${run}`));
    expect(left).toEqual([]);
  });
});

describe('lesson messages', () => {
  const who = msg('who', { pid: 4312, name: 'python3' });

  it('says nested messages, lists and code in each language', () => {
    const m = msg('ev.startedChildren', { root: who, count: 2, pids: [4313, 4314] });
    expect(lessonText('en', m)).toBe('4312 (python3) started 2 children: 4313, 4314');
    expect(lessonText('zh-CN', m)).toBe('4312（python3）启动了 2 个子进程：4313、4314');
    expect(lessonText('en', msg('ev.startedChildren', { root: who, count: 1, pids: [] }))).toBe('4312 (python3) started 1 child: none');
    expect(lessonText('zh-CN', msg('ev.startedChildren', { root: who, count: 0, pids: [] }))).toBe('4312（python3）启动了 0 个子进程：无');
  });

  it('names a process Forkscope ended and how in one pair of brackets', () => {
    const ended = msg('ev.forkscopeEnded', { ended: [msg('endedBy', { pid: 17948, name: 'python3', how: 'SIGTERM' })] });
    expect(lessonText('zh-CN', ended)).toContain('17948（python3，SIGTERM）');
    expect(lessonText('en', ended)).toContain('17948 (python3, SIGTERM)');
  });

  it('sets no space between Chinese characters where a unit meets the sentence', () => {
    expect(lessonText('zh-CN', msg('ev.orphan.endedItself', { at: msg('at', { s: '0.75' }) }))).toBe('它继续运行，并在 +0.75 秒自行结束');
    expect(lessonText('en', msg('ev.orphan.endedItself', { at: msg('at', { s: '0.75' }) }))).toBe('it kept running and ended by itself at +0.75 s');
  });

  it('keeps code apart, for the UI to show as code', () => {
    const parts = lessonParts('zh-CN', msg('obs.started', { who, ppid: 1, cmd: code('python3 -u lesson.py') }));
    expect(parts).toEqual(['4312（python3）启动，是 1 的子进程：', { code: 'python3 -u lesson.py' }]);
  });

  it('prints an outcome line with its mark and source', () => {
    const line = { verdict: 'pass' as const, source: 'engine + program' as const, message: msg('ev.nothingLeft') };
    expect(evidenceText('en', line)).toBe('✓ [engine + program] no process of it was left behind');
    expect(evidenceText('zh-CN', line)).toBe('✓ [引擎 + 程序] 它没有留下任何进程');
  });
});
