import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { bindingFor, helpLines, KEY_BINDINGS } from './key-bindings';

const text = (messages: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);

describe('the key table', () => {
  it('binds each key once', () => {
    const keys = KEY_BINDINGS.map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives htop's keys their actions", () => {
    expect(bindingFor('/')?.action).toBe('focus-search');
    expect(bindingFor('\\')?.action).toBe('focus-filter');
    expect(bindingFor(' ')?.action).toBe('tag');
    expect(bindingFor('K')?.action).toBe('kill');
    expect(bindingFor('k')?.action).toBe('signal-menu');
    expect(bindingFor('F')?.action).toBe('toggle-follow');
    expect(bindingFor('Z')?.action).toBe('toggle-pause');
    expect(bindingFor('x')).toBeUndefined();
  });

  it('writes the ? sheet from the table: every key appears, keys with one meaning share a line', () => {
    const lines = helpLines();
    expect(lines.flatMap((l) => l.keys)).toEqual(KEY_BINDINGS.map((b) => b.shown));
    expect(lines.find((l) => l.help === 'keys.move')?.keys).toEqual(['↑', '↓']);
    expect(lines.find((l) => l.help === 'keys.expand')?.keys).toEqual(['+', '-']);
  });

  it('has the words for each line in English and in Chinese', () => {
    for (const { help } of helpLines()) {
      expect(typeof text(en, help), help).toBe('string');
      expect(typeof text(zhCN, help), help).toBe('string');
    }
  });
});
