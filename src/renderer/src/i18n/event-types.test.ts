import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EngineEventSchema, type EngineEvent } from '../../../shared/events';
import { LOG_EVENT_TYPES, NAMED_EVENT_TYPES, UNNAMED_EVENT_TYPES } from '../../../shared/event-types';
import { JUMP_TYPES } from '../../../shared/session';
import { describeBurstLine, describeLogEvent, eventTypeLabel } from '../views/event-log-text';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Every `type` literal of the engine's event schema, read from the schema itself (so a new event cannot be missed). */
function schemaTypes(schema: z.ZodType): string[] {
  const node = schema as unknown as { options?: z.ZodType[]; shape?: { type?: { values: Set<string> } } };
  if (node.options) return node.options.flatMap(schemaTypes);
  if (node.shape?.type) return [...node.shape.type.values];
  throw new Error('an event schema without a type literal');
}

const base = { t: 1_700_000_000_000, pid: 4312, startTime: 99, name: 'worker', ppid: 4300 };
const proc = {
  ...base,
  cmd: 'python3 worker.py',
  state: 'sleeping',
  user: 'ada',
  startedAt: base.t,
  cpuPercent: 0,
  rssBytes: 0,
  zombie: false,
  orphan: false,
};
/** One event of each type the log shows, checked against the schema. */
const samples: EngineEvent[] = [
  { type: 'spawned', ...base, mode: 'daemon', command: 'sleep', args: ['60'], logFile: null, process: null },
  { type: 'started', t: base.t, process: proc },
  { type: 'exec', ...base, formerName: 'sh', cmd: null },
  { type: 'exit', ...base, code: null, signal: 'SIGKILL', core: true, runMs: 1200 },
  { type: 'exited', ...base, code: 3, signal: null, runMs: 10 },
  { type: 'reaped', ...base },
  { type: 'ended', ...base },
  { type: 'signaled', ...base, signal: 'SIGTERM', outcome: 'delivered' },
  { type: 'joined', ...base, code: null, signal: null, timedOut: true },
  { type: 'restart-scheduled', ...base, attempt: 1, delayMs: 500, reason: 'exited with code 2' },
  { type: 'restarted', ...base, previous: { pid: 4311, startTime: 98 }, restarts: 2 },
  { type: 'restart-ended', ...base, reason: 'limit', restarts: 2, message: 'restarted 2 times within 60 s' },
  { type: 'reparented', ...base, from: 4300, to: 1 },
  { type: 'orphaned', ...base, formerParent: { pid: 4300, name: 'bash' } },
  { type: 'adopted', ...base, formerParent: null },
  { type: 'became-zombie', ...base },
  { type: 'zombie-reaped', ...base, zombieSinceMs: 5 },
  { type: 'state-changed', ...base, from: 'sleeping', to: 'stopped' },
].map((event) => EngineEventSchema.parse(event));

async function translator(lng: 'en' | 'zh-CN') {
  const instance = i18next.createInstance();
  // No fallback: a missing Chinese text shows as its key, not silently in English.
  await instance.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance.t.bind(instance);
}

describe('event types in user text', () => {
  it('classes every event type of the schema as named to a person or internal, not both', () => {
    const all = [...new Set(schemaTypes(EngineEventSchema))].sort();
    const named: readonly string[] = NAMED_EVENT_TYPES;
    const unnamed: readonly string[] = UNNAMED_EVENT_TYPES;
    expect([...named, ...unnamed].sort()).toEqual(all);
    expect(named.filter((type) => unnamed.includes(type))).toEqual([]);
    expect(JUMP_TYPES.filter((type) => !named.includes(type))).toEqual([]);
  });

  it('has words for every named event type in English and Chinese, never the internal name in Chinese', () => {
    for (const type of NAMED_EVENT_TYPES) {
      const english: string | undefined = (en.events.type as Record<string, string>)[type];
      const chinese: string | undefined = (zhCN.events.type as Record<string, string>)[type];
      expect(english, type).toMatch(/\S/);
      expect(chinese, type).toMatch(/[\u4e00-\u9fff]/);
      expect(english, type).not.toContain('-'); // `became-zombie` reads "became a zombie"
    }
    for (const type of JUMP_TYPES) {
      expect((en.replay.type as Record<string, string>)[type], type).toMatch(/\S/);
      expect((zhCN.replay.type as Record<string, string>)[type], type).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('draws a log line for each type the log shows, in both languages, with no internal name or missing text', async () => {
    expect(samples.map((e) => e.type).sort()).toEqual([...LOG_EVENT_TYPES].sort());
    for (const lng of ['en', 'zh-CN'] as const) {
      const t = await translator(lng);
      for (const event of samples) {
        const label = eventTypeLabel(t, event.type);
        const line = describeLogEvent(t, event);
        expect(line, event.type).not.toBeNull();
        const shown = `${label} ${line!.text}`;
        expect(shown, `${lng} ${event.type}`).not.toMatch(/\b(log|events|spawn|state)\.[a-z]/); // an unresolved key
        for (const type of NAMED_EVENT_TYPES.filter((name) => name.includes('-'))) expect(shown, `${lng} ${event.type}`).not.toContain(type);
        if (lng === 'zh-CN') expect(label, event.type).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('words the lines as before in English, and in Chinese with full-width punctuation', async () => {
    const [enT, zhT] = [await translator('en'), await translator('zh-CN')];
    const line = (t: typeof enT, type: string) =>
      describeLogEvent(
        t,
        samples.find((e) => e.type === type)!,
      )!.text;
    expect(line(enT, 'restart-scheduled')).toBe('exited with code 2; restart 1 in 500 ms');
    expect(line(enT, 'exit')).toBe('killed by SIGKILL (core dumped) after 1200 ms');
    expect(line(enT, 'spawned')).toBe('daemon: sleep 60');
    expect(line(enT, 'adopted')).toBe('orphaned: its parent exited unseen; adopted by Forkscope, which reaps it');
    expect(line(zhT, 'orphaned')).toBe('原为 bash（4300）的子进程');
    expect(line(zhT, 'state-changed')).toBe(`${zhCN.state.sleeping} → ${zhCN.state.stopped}`);
    expect(line(zhT, 'restart-scheduled')).toBe('exited with code 2；500 毫秒后第 1 次重启'); // the reason is the engine's
    const burst = { ppid: 1, parentName: 'make', started: 412, nonZero: 3, firstT: 0, lastT: 3000 };
    // Events that carry their facts (not only the engine's English) are said in the person's language.
    const said = (t: typeof enT, event: Record<string, unknown>) => describeLogEvent(t, EngineEventSchema.parse({ ...base, ...event }))!.text;
    const scheduled = { type: 'restart-scheduled', attempt: 1, delayMs: 500, reason: 'exited with code 2', exit: { code: 2, signal: null } };
    expect(said(enT, scheduled)).toBe('exited with code 2; restart 1 in 500 ms');
    expect(said(zhT, scheduled)).toBe('以退出码 2 退出；500 毫秒后第 1 次重启');
    const ended = (reason: string, extra: Record<string, unknown> = {}) => ({
      type: 'restart-ended',
      reason,
      restarts: 3,
      message: 'English',
      ...extra,
    });
    const limit = ended('limit', { exit: { code: 2, signal: null }, limit: { maxRestarts: 3, windowMs: 60_000 } });
    expect(said(enT, limit)).toBe(
      'exited with code 2 and was restarted 3 times within 60 s, the limit (restart.maxRestarts 3 per restart.windowMs 60000); not restarted again',
    );
    expect(said(zhT, limit)).toBe(
      '以退出码 2 退出，且在 60 秒内已重启 3 次，达到上限（restart.maxRestarts 为 3，restart.windowMs 为 60000）：不再重启',
    );
    expect(said(zhT, ended('limit'))).toBe('English'); // a recording from before: its message
    expect(said(zhT, ended('user', { signal: 'SIGTERM' }))).toContain('SIGTERM');
    expect(said(zhT, ended('shutdown'))).toBe('Forkscope 已退出，它的重启策略随之结束');
    expect(said(zhT, ended('failed', { error: 'ENOENT' }))).toBe('无法再次启动，重启策略结束：ENOENT');
    expect(said(zhT, ended('user'))).toBe('English'); // a recording from before: its message
    expect(said(zhT, { type: 'signaled', signal: 'SIGTERM', outcome: 'sent-to-group' })).toBe('SIGTERM：已发送给它的进程组');
    expect(said(enT, { type: 'signaled', signal: 'SIGKILL', outcome: 'killed' })).toBe('SIGKILL: ended by SIGKILL');
    expect(describeBurstLine(enT, burst)).toBe('make started 412 processes in 3 s; 3 exited non-zero');
    expect(describeBurstLine(zhT, burst)).toBe('make 在 3 秒内启动了 412 个进程；其中 3 个以非零状态退出');
  });
});
