import { describe, expect, it } from 'vitest';
import { boundedJson, boundValue, RECORDED_VALUE_BYTES, RECORDED_VALUE_DEPTH } from './bounded-value';

describe('boundValue', () => {
  it('keeps a small value as it is', () => {
    const value = { pid: 42, startTime: 7, tree: true, args: ['a', 'b'], nested: { x: null } };
    expect(boundValue(value)).toEqual(value);
  });

  it('cuts a 6,000-deep array at the depth limit and says so', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 6000; i++) deep = [deep];
    let kept = boundValue(deep);
    for (let i = 0; i < RECORDED_VALUE_DEPTH; i++) kept = (kept as unknown[])[0];
    expect(kept).toBe(`[cut: deeper than ${RECORDED_VALUE_DEPTH} levels]`);
    expect(() => JSON.stringify(boundValue(deep))).not.toThrow();
  });

  it('bounds a wide or long value to about the byte limit, saying how much was cut', () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `item ${i}` }));
    const json = boundedJson(wide);
    expect(json.length).toBeLessThan(RECORDED_VALUE_BYTES + 1024);
    expect(json).toMatch(/\[cut: \d+ more items past the 16 KiB limit\]/);
    expect(boundedJson('x'.repeat(1_000_000))).toMatch(/…\[cut: 997952 more characters\]"$/);
  });

  it('never throws: a cycle, a throwing getter, a bigint and a __proto__ key', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(boundedJson(cycle)).toContain('[cut: deeper than');
    const trap = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(boundValue(trap)).toBe('[cut: the value could not be read (no)]');
    expect(boundValue(10n)).toBe('10');
    const proto = boundValue(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
  });
});
