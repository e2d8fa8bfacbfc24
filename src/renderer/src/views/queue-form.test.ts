import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { checkForm, type QueueForm } from './queue-form';

const form = (numbers: Partial<QueueForm['numbers']> = {}): QueueForm => ({
  engine: 'node',
  termination: 'sentinel',
  numbers: {
    producers: '2',
    consumers: '2',
    capacity: '3',
    messages: '2000',
    duration: '',
    timeoutMs: '',
    size: '64',
    rate: '0',
    workMs: '0',
    ...numbers,
  },
});

describe('the Queue Lab form, checked field by field', () => {
  it('builds the request from a good form, empty optional fields as not set', () => {
    expect(checkForm(form())).toEqual({
      ok: true,
      request: expect.objectContaining({ producers: 2, capacity: 3, messages: 2000, duration: null, timeoutMs: null }),
    });
  });

  it('names each bad field with what it needs, not a schema message', () => {
    const check = checkForm(form({ capacity: '0', producers: 'abc', consumers: '1.5', size: '', duration: '0', workMs: '70000' }));
    expect(check).toEqual({
      ok: false,
      problems: {
        capacity: { key: 'queue.invalid.atLeast', values: { min: 1 } },
        producers: { key: 'queue.invalid.number' },
        consumers: { key: 'queue.invalid.whole' },
        size: { key: 'queue.invalid.required' },
        duration: { key: 'queue.invalid.moreThan', values: { min: 0 } },
        workMs: { key: 'queue.invalid.atMost', values: { max: 60_000 } },
      },
    });
  });

  it('with a duration, does not ask for a message count', () => {
    const check = checkForm(form({ duration: '2', messages: '0' }));
    expect(check.ok).toBe(true);
    expect(checkForm(form({ duration: '2', messages: '' })).ok).toBe(true);
    expect(checkForm(form({ messages: '0' }))).toMatchObject({ ok: false, problems: { messages: { key: 'queue.invalid.atLeast' } } });
  });

  it('has every problem’s sentence in both languages', () => {
    const keys = ['required', 'number', 'whole', 'atLeast', 'moreThan', 'atMost'] as const;
    for (const key of keys) {
      expect(en.queue.invalid[key], key).toBeTruthy();
      expect(zhCN.queue.invalid[key], key).toBeTruthy();
    }
  });
});
