import { describe, expect, it } from 'vitest';
import { chineseStyleProblems } from '../../../shared/chinese-style';
import { LESSONS } from './catalog';

describe("the lessons' own text", () => {
  it('has every lesson in Chinese, with full-width punctuation and 子收割者 for subreaper', () => {
    const problems = LESSONS.flatMap((lesson) => {
      const { title, explanation } = lesson.text['zh-CN'];
      expect(title.length, lesson.name).toBeGreaterThan(0);
      const missing = /subreaper/i.test(lesson.text.en.explanation) && !explanation.includes('子收割者') ? [`${lesson.name}: no 子收割者`] : [];
      return [...missing, ...[title, explanation].flatMap((text) => chineseStyleProblems(text).map((p) => `${lesson.name}: ${p}`))];
    });
    expect(problems).toEqual([]);
  });
});
