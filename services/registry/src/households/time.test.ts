import { describe, expect, it } from 'vitest';
import { instantMicros } from './time.ts';

describe('instantMicros', () => {
  it('keeps microseconds and honours offsets', () => {
    expect(instantMicros('2025-06-30T10:00:00.000001Z') - instantMicros('2025-06-30T10:00:00Z')).toBe(1n);
    expect(instantMicros('2025-06-30T17:00:00+07:00')).toBe(instantMicros('2025-06-30T10:00:00.000Z'));
    expect(instantMicros('2025-06-30T10:00:00.0004Z') > instantMicros('2025-06-30T10:00:00Z')).toBe(true);
  });

  it('rejects what is not an instant with an offset', () => {
    expect(() => instantMicros('2025-06-30T10:00:00')).toThrow(RangeError);
    expect(() => instantMicros('yesterday')).toThrow(RangeError);
  });
});
