import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const settings = { initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles from the initial delay up to the cap', () => {
    const highest = (retry: number): number => backoffDelay(retry, settings, () => 1);
    expect([1, 2, 3, 4, 5, 6, 50].map(highest)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('jitters within the upper half of each step, so no pause is near zero', () => {
    expect(backoffDelay(1, settings, () => 0)).toBe(50);
    expect(backoffDelay(4, settings, () => 0)).toBe(400);
    expect(backoffDelay(4, settings, () => 0.5)).toBe(600);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, settings);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('has defaults (100 ms to 5 s) and survives odd input', () => {
    expect(backoffDelay(1, {}, () => 1)).toBe(100);
    expect(backoffDelay(1_000, {}, () => 1)).toBe(5_000);
    expect(backoffDelay(0, {}, () => 1)).toBe(100);
    expect(backoffDelay(2, { initialDelayMs: 500, maxDelayMs: 10 }, () => 1)).toBe(500);
  });
});
