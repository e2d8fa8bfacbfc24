import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chineseStyleProblems, latinWordRuns } from '../../../shared/chinese-style';
import { lessonTextEn } from '../../../shared/lesson-text/en';
import { LESSONS } from './catalog';

describe("the lessons' own text", () => {
  it('has every lesson in Chinese, with full-width punctuation and 子收割者 for subreaper', () => {
    const problems = LESSONS.flatMap((lesson) => {
      const { title, explanation } = lesson.text['zh-CN'];
      expect(title.length, lesson.name).toBeGreaterThan(0);
      const missing = /subreaper/i.test(lesson.text.en.explanation) && !explanation.includes('子收割者') ? [`${lesson.name}: no 子收割者`] : [];
      const english = latinWordRuns(`${title}\n${explanation}`, ['Forkscope']).map((run) => `${lesson.name}: English left: ${run}`);
      return [...missing, ...english, ...[title, explanation].flatMap((text) => chineseStyleProblems(text).map((p) => `${lesson.name}: ${p}`))];
    });
    expect(problems).toEqual([]);
  });

  it('has every message key the engine uses in the lesson text tables', () => {
    const dir = import.meta.dirname;
    const files = [...readdirSync(dir), ...readdirSync(join(dir, 'checks')).map((f) => join('checks', f))].filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const match of text.matchAll(/\bmsg\(\s*'([^']+)'/g)) used.add(match[1]!);
      // The keys a condition picks between: msg(cond ? 'ev.a' : 'ev.b', …).
      for (const match of text.matchAll(/'((?:ev|obs)\.[\w.-]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !(key in lessonTextEn))).toEqual([]);
  });
});
