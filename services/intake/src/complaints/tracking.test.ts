import { describe, expect, it } from 'vitest';
import { newTrackingCode, normaliseTrackingCode, trackingIndex } from './tracking.ts';

describe('tracking codes', () => {
  it('carry 80 random bits as four readable groups', () => {
    expect(newTrackingCode(() => Buffer.alloc(10, 0))).toBe('0000-0000-0000-0000');
    expect(newTrackingCode(() => Buffer.alloc(10, 0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const codes = new Set(Array.from({ length: 1000 }, () => newTrackingCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('are found again as typed: any case, without dashes, I/L/O for 1/1/0', () => {
    const code = '7KQ2-M9XD-4T0B-HW3R';
    expect(normaliseTrackingCode('7kq2m9xd4tob hw3r')).toBe(code);
    expect(trackingIndex('7kq2-m9xd-4tOb-hw3r')).toBe(trackingIndex(code));
    expect(trackingIndex('7KQ2-M9XD-4T0B-HW3S')).not.toBe(trackingIndex(code));
    expect(trackingIndex(code)).toMatch(/^[0-9a-f]{64}$/);
  });
});
