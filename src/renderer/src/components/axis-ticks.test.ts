import { describe, expect, it } from 'vitest';
import { byteAxis, valueAxis } from './axis-ticks';

describe('a value axis', () => {
  it('has distinct ticks at nice steps, with the decimals a small range needs', () => {
    expect(valueAxis(2.3)).toEqual({ top: 2.5, step: 0.5, ticks: [0, 0.5, 1, 1.5, 2, 2.5], decimals: 1 });
    expect(valueAxis(1.7)).toMatchObject({ ticks: [0, 0.5, 1, 1.5, 2], decimals: 1 });
    expect(valueAxis(0.3)).toMatchObject({ ticks: [0, 0.1, 0.2, 0.3], decimals: 1 });
    expect(valueAxis(0.07)).toMatchObject({ ticks: [0, 0.02, 0.04, 0.06, 0.08], decimals: 2 });
    expect(valueAxis(87)).toMatchObject({ ticks: [0, 20, 40, 60, 80, 100], decimals: 0 });
    expect(valueAxis(100)).toMatchObject({ top: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(valueAxis(3)).toMatchObject({ ticks: [0, 1, 2, 3], decimals: 0 });
  });

  it('reads apart once written with its decimals', () => {
    for (const highest of [0.013, 0.4, 1.1, 2, 2.6, 7.5, 33, 250, 1234]) {
      const { ticks, decimals, top } = valueAxis(highest);
      const labels = ticks.map((v) => v.toFixed(decimals));
      expect(new Set(labels).size, `${highest}: ${labels.join(', ')}`).toBe(labels.length);
      expect(top).toBeGreaterThanOrEqual(highest);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });

  it('runs to 1 when nothing is above 0', () => {
    expect(valueAxis(0)).toMatchObject({ top: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], decimals: 1 });
    expect(valueAxis(Number.NaN).top).toBe(1);
  });
});

describe('a byte axis', () => {
  it('steps nicely in the unit the highest value reads in', () => {
    expect(byteAxis(1.9 * 1024 ** 2).labels).toEqual(['0 B', '0.5 MiB', '1.0 MiB', '1.5 MiB', '2.0 MiB']);
    expect(byteAxis(191 * 1024 ** 2).labels).toEqual(['0 B', '50 MiB', '100 MiB', '150 MiB', '200 MiB']);
    expect(byteAxis(3 * 1024 ** 3).top).toBe(3 * 1024 ** 3);
  });

  it('is at least 1 KiB high, so nothing at all still reads apart', () => {
    expect(byteAxis(0).labels).toEqual(['0 B', '0.2 KiB', '0.4 KiB', '0.6 KiB', '0.8 KiB', '1.0 KiB']);
    expect(byteAxis(300, 3).labels).toEqual(['0 B', '0.5 KiB', '1.0 KiB']);
  });
});
