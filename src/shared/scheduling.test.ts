import { describe, expect, it } from 'vitest';
import { AffinityRequestSchema, formatCpuList, IoniceRequestSchema, parseCpuList } from './scheduling';

describe('CPU lists and scheduling requests', () => {
  it('reads a CPU list as taskset -c writes it and writes it back', () => {
    expect(parseCpuList('0-2, 5,3')).toEqual({ ok: true, cpus: [0, 1, 2, 3, 5] });
    expect(formatCpuList([5, 0, 1, 2, 3])).toBe('0-3,5');
    expect(formatCpuList([7])).toBe('7');
    expect(parseCpuList('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseCpuList('a')).toMatchObject({ ok: false, reason: expect.stringContaining('"a" is not a CPU number') });
    expect(parseCpuList('3-1')).toMatchObject({ ok: false, reason: '3-1 runs backwards' });
    expect(parseCpuList('0-5000')).toMatchObject({ ok: false, reason: 'CPU numbers go up to 1023' });
  });

  it('refuses an unknown I/O class, a level out of range and a level the class has not, naming the problem', () => {
    const target = { pid: 10, startTime: 5 };
    const message = (input: unknown) =>
      IoniceRequestSchema.safeParse(input)
        .error?.issues.map((i) => i.message)
        .join('; ');
    expect(IoniceRequestSchema.safeParse({ ...target, class: 'best-effort', level: 7 }).success).toBe(true);
    expect(IoniceRequestSchema.safeParse({ ...target, class: 'idle' }).success).toBe(true);
    expect(message({ ...target, class: 'urgent' })).toContain('unknown I/O class "urgent"');
    expect(message({ ...target, class: 'realtime', level: 8 })).toContain('from 0 to 7');
    expect(message({ ...target, class: 'idle', level: 2 })).toContain('the idle I/O class has no levels');
    expect(AffinityRequestSchema.safeParse({ ...target, cpus: [] }).error?.issues[0]?.message).toContain('at least one CPU');
  });
});
