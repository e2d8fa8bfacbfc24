import { lessonTextEn } from './en';
import type { LessonMessage, LessonParam } from './message';
import { lessonTextZhCN } from './zh-CN';

export type LessonTextLanguage = 'en' | 'zh-CN';
/** A piece of a formatted sentence: text, or code (a command line, a value the program wrote). */
export type LessonPart = string | { code: string };

const TABLES: Record<LessonTextLanguage, Readonly<Record<string, string>>> = { en: lessonTextEn, 'zh-CN': lessonTextZhCN };
const LIST_SEPARATOR: Record<LessonTextLanguage, string> = { en: ', ', 'zh-CN': '、' };

function isMessage(param: LessonParam): param is LessonMessage {
  return typeof param === 'object' && !Array.isArray(param) && 'key' in param;
}

/**
 * A message in a language, as parts. `{{name}}` takes the parameter; a key with `_one` beside it
 * is used when `count` is 1 (English plurals; Chinese has none). An unknown key is shown as it is.
 */
export function lessonParts(language: LessonTextLanguage, message: LessonMessage): LessonPart[] {
  const table = TABLES[language];
  const params = message.params ?? {};
  const template = (params.count === 1 ? table[`${message.key}_one`] : undefined) ?? table[message.key] ?? message.key;
  const parts: LessonPart[] = [];
  for (const piece of template.split(/(\{\{\w+\}\})/)) {
    const name = /^\{\{(\w+)\}\}$/.exec(piece)?.[1];
    if (name === undefined) parts.push(piece);
    else parts.push(...paramParts(language, params[name] ?? ''));
  }
  const merged = merge(parts);
  // Full-width punctuation carries its own space, and Chinese sets no space between two Chinese characters:
  // "4312（python3）启动", "在 +0.75 秒消失", where the templates' spaces around a parameter met.
  const tidy = (text: string): string => text.replace(/ *([，。：；？！（）、]) */g, '$1').replace(/([\u3400-\u9fff]) +(?=[\u3400-\u9fff])/g, '$1');
  return language === 'zh-CN' ? merged.map((p) => (typeof p === 'string' ? tidy(p) : p)) : merged;
}

function paramParts(language: LessonTextLanguage, param: LessonParam): LessonPart[] {
  if (typeof param === 'string' || typeof param === 'number') return [String(param)];
  if (Array.isArray(param)) {
    if (param.length === 0) return lessonParts(language, { key: 'none' });
    return param.flatMap((p, i) => [...(i > 0 ? [LIST_SEPARATOR[language]] : []), ...paramParts(language, p)]);
  }
  if (isMessage(param)) return lessonParts(language, param);
  return [{ code: param.code }];
}

function merge(parts: LessonPart[]): LessonPart[] {
  const merged: LessonPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  return merged;
}

/** A message as plain text (code as it is). */
export function lessonText(language: LessonTextLanguage, message: LessonMessage): string {
  return lessonParts(language, message)
    .map((p) => (typeof p === 'string' ? p : p.code))
    .join('');
}

/** An outcome line as `lesson run` prints it: `✓ [engine] …`. */
export function evidenceText(
  language: LessonTextLanguage,
  line: { verdict: 'pass' | 'fail' | 'note'; source: string; message: LessonMessage },
): string {
  const mark = line.verdict === 'pass' ? '✓' : line.verdict === 'fail' ? '✗' : '·';
  return `${mark} [${lessonText(language, { key: `source.${line.source}` })}] ${lessonText(language, line.message)}`;
}
