import { describe, expect, it } from 'vitest';
import { en } from './en';
import { chineseStyleProblems, latinWordRuns } from '../../../shared/chinese-style';
import { preferredLanguage } from './index';
import { zhCN } from './zh-CN';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('UI text', () => {
  it('has every key in both English and Simplified Chinese', () => {
    const english = keys(en).sort();
    const chinese = keys(zhCN).sort();
    expect(chinese.filter((k) => !english.includes(k))).toEqual([]);
    expect(english.filter((k) => !chinese.includes(k))).toEqual([]);
  });

  it('keeps the same placeholders in each translation', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const lookup = (messages: object, path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as string;
    for (const key of keys(en)) expect(placeholders(lookup(zhCN, key)), key).toEqual(placeholders(lookup(en, key)));
  });

  it('writes every Chinese sentence with full-width punctuation and one term, 子收割者, for subreaper', () => {
    const lookup = (messages: object, path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as string;
    const problems = keys(zhCN).flatMap((key) => chineseStyleProblems(lookup(zhCN, key)).map((p) => `${key}: ${p}`));
    expect(problems).toEqual([]);
    // Wherever the English says subreaper, the Chinese says 子收割者.
    const subreaper = keys(en).filter((key) => /subreaper/i.test(lookup(en, key)));
    expect(subreaper.length).toBeGreaterThan(0);
    expect(subreaper.filter((key) => !lookup(zhCN, key).includes('子收割者'))).toEqual([]);
  });

  it('leaves no run of English words in the Chinese text (names such as Forkscope, Python and Queue aside)', () => {
    const lookup = (messages: object, path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as string;
    const left = keys(zhCN).flatMap((key) => latinWordRuns(lookup(zhCN, key), ['Forkscope', 'Python', 'Queue']).map((run) => `${key}: ${run}`));
    expect(left).toEqual([]);
  });

  it('picks Chinese for any zh locale and English otherwise', () => {
    expect(preferredLanguage(['zh-CN'])).toBe('zh-CN');
    expect(preferredLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(preferredLanguage(['fr-FR', 'en-GB'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});
