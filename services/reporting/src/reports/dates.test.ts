import { describe, expect, it } from 'vitest';
import { addIntervals, bucketCount, defaultFrom, localDate, monthBounds, startOf } from './dates.ts';

describe('report dates', () => {
  it('takes today in the reports time zone', () => {
    const lateUtc = new Date('2025-06-15T20:00:00Z');
    expect(localDate(lateUtc, 'UTC')).toBe('2025-06-15');
    expect(localDate(lateUtc, 'Asia/Jakarta')).toBe('2025-06-16');
    expect(localDate(lateUtc, 'Asia/Makassar')).toBe('2025-06-16');
  });

  it('starts weeks on Monday and months on the first', () => {
    expect(startOf('2025-06-15', 'week')).toBe('2025-06-09'); // a Sunday
    expect(startOf('2025-06-16', 'week')).toBe('2025-06-16'); // a Monday
    expect(startOf('2025-06-16', 'month')).toBe('2025-06-01');
    expect(startOf('2025-06-16', 'day')).toBe('2025-06-16');
  });

  it('counts buckets and moves by intervals', () => {
    expect(bucketCount('2025-06-01', '2025-06-30', 'day')).toBe(30);
    expect(bucketCount('2025-06-01', '2025-06-30', 'week')).toBe(6); // 1 June is a Sunday, 30 June a Monday
    expect(bucketCount('2024-11-15', '2025-02-01', 'month')).toBe(4);
    expect(addIntervals('2025-01-31', 'day', 1)).toBe('2025-02-01');
    expect(addIntervals('2025-12-01', 'month', 1)).toBe('2026-01-01');
    expect(defaultFrom('2025-06-16', 'day')).toBe('2025-05-18');
    expect(bucketCount(defaultFrom('2025-06-16', 'week'), '2025-06-16', 'week')).toBe(12);
    expect(monthBounds('2025-12')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
  });
});
