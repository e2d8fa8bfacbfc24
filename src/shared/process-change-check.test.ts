import { describe, expect, it } from 'vitest';
import { ProcessChangeSchema, SamplerEventSchema } from './events';
import { PROCESS_CHANGE_FIELDS, processChangeProblem } from './process-change-check';

/** Values of every kind a field could be sent, good and bad for one field or another. */
const VALUES: unknown[] = [0, 7, -3, 1.5, 2 ** 60, null, true, false, '', 'R', 'sleeping', 'zombie', 'abc', [], {}, undefined];

describe('the process change check', () => {
  it('knows exactly the fields ProcessChangeSchema has', () => {
    expect(Object.keys(PROCESS_CHANGE_FIELDS).sort()).toEqual(Object.keys(ProcessChangeSchema.shape).sort());
  });

  it('gives the verdict ProcessChangeSchema gives, for every value of every field', () => {
    let compared = 0;
    for (const field of Object.keys(PROCESS_CHANGE_FIELDS)) {
      for (const value of VALUES) {
        if (value === undefined) continue; // JSON never carries it
        const change = { pid: 10, startTime: 500, [field]: value };
        const expected = ProcessChangeSchema.safeParse(change).success;
        expect({ field, value, valid: processChangeProblem({ ...change }) === null }).toEqual({ field, value, valid: expected });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(250);
  });

  it('refuses what is not a change, and one without its identity', () => {
    for (const value of [null, 3, 'x', [], {}, { pid: 1 }, { startTime: 1 }]) {
      expect(processChangeProblem(value)).not.toBeNull();
      expect(ProcessChangeSchema.safeParse(value).success).toBe(false);
    }
  });

  it('drops fields a change never carries, as zod strips them: a hostile sample cannot mark a process a zombie', () => {
    const parsed = SamplerEventSchema.parse({
      type: 'sample',
      t: 1,
      changes: [{ pid: 4, startTime: 9, cpuPercent: 3, zombie: true, unknownField: 1 }],
    });
    expect(parsed).toEqual({ type: 'sample', t: 1, changes: [{ pid: 4, startTime: 9, cpuPercent: 3 }] });
  });

  it('names the field that is wrong', () => {
    const result = SamplerEventSchema.safeParse({ type: 'sample', t: 1, changes: [{ pid: 4, startTime: 9, rssBytes: 'lots' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(' ')).toContain('rssBytes is not valid');
  });
});
