import { describe, expect, it } from 'vitest';
import { fateOf, OUTCOME_SHARES } from '../seed/fates.ts';

const today = new Date('2026-12-01T00:00:00Z');

describe('fateOf', () => {
  it('is the same for the same seed and index, and differs between indexes', () => {
    expect(fateOf('s', 7, today)).toEqual(fateOf('s', 7, today));
    expect(fateOf('s', 7, today).proposalId).not.toBe(fateOf('s', 8, today).proposalId);
    expect(fateOf('t', 7, today).proposalId).not.toBe(fateOf('s', 7, today).proposalId);
  });

  it('spreads outcomes in the configured shares and submissions over the year before today', () => {
    const fates = Array.from({ length: 20_000 }, (_, index) => fateOf('shares', index, today));
    for (const [outcome, share] of OUTCOME_SHARES) {
      const seen = fates.filter((fate) => fate.outcome === outcome).length / fates.length;
      expect(Math.abs(seen - share)).toBeLessThan(0.01);
    }
    const times = fates.map((fate) => fate.submittedAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(today.getTime() - 366 * 24 * 3600 * 1000);
    expect(Math.max(...times)).toBeLessThan(today.getTime());
    const months = new Set(fates.map((fate) => fate.submittedAt.toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
  });
});
