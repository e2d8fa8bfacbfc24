import { describe, expect, it } from 'vitest';
import { niceCeiling } from './chart-scale';

describe('the shared axes of runs side by side', () => {
  it('end on a number whose ticks read well, never below the largest value', () => {
    expect([0, 0.7, 1, 1.2, 3, 1558, 2400, 52_734_375].map(niceCeiling)).toEqual([1, 1, 1, 2, 5, 2000, 2500, 100_000_000]);
  });
});
