import { describe, expect, it } from 'vitest';
import { maskNik } from './mask.ts';

describe('maskNik', () => {
  it('keeps the first four and last four digits', () => {
    expect(maskNik('5202011204870001')).toBe('5202••••••••0001');
  });

  it('masks anything malformed entirely', () => {
    expect(maskNik('520201120487')).toBe('•'.repeat(16));
    expect(maskNik('52020112048700011')).toBe('•'.repeat(17));
    expect(maskNik('')).toBe('•'.repeat(16));
  });
});
