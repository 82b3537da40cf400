import { describe, expect, it } from 'vitest';
import { districtCodeFromDigits, isWithin, parentCode, regionLevel } from './codes.ts';

describe('region codes', () => {
  it('knows the level from the shape', () => {
    expect(regionLevel('52')).toBe('province');
    expect(regionLevel('52.02')).toBe('regency');
    expect(regionLevel('52.02.01')).toBe('district');
    expect(regionLevel('52.02.01.1001')).toBe('village');
    expect(regionLevel('52.2')).toBeUndefined();
    expect(regionLevel('')).toBeUndefined();
    expect(regionLevel('52.02.01.100')).toBeUndefined();
  });

  it('finds the parent code', () => {
    expect(parentCode('52.02.01.1001')).toBe('52.02.01');
    expect(parentCode('52.02')).toBe('52');
    expect(parentCode('52')).toBe('');
    expect(parentCode('x')).toBeUndefined();
  });

  it('uses segment-prefix semantics for scopes', () => {
    expect(isWithin('52.02.01.1001', '')).toBe(true);
    expect(isWithin('52.02.01.1001', '52')).toBe(true);
    expect(isWithin('52.02.01.1001', '52.02')).toBe(true);
    expect(isWithin('52.02.01.1001', '52.02.01.1001')).toBe(true);
    expect(isWithin('52.02.01.1001', '52.02.01.100')).toBe(false);
    expect(isWithin('52.02.01.1001', '52.0')).toBe(false);
    expect(isWithin('52.02.01.1001', '52.03')).toBe(false);
    expect(isWithin('52.02', '52.02.01')).toBe(false);
    expect(isWithin('', '52')).toBe(false);
  });

  it('formats the six district digits of a NIK', () => {
    expect(districtCodeFromDigits('5202011204870001')).toBe('52.02.01');
  });
});
