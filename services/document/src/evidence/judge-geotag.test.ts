import { describe, expect, it } from 'vitest';
import { judgeGeotag, type GeotagCheck } from './judge-geotag.ts';

const house = { lat: -8.7056, lon: 116.2706 };
const now = new Date('2025-03-20T00:00:00Z');
const base: GeotagCheck = {
  photo: { lat: -8.7057, lon: 116.2707, capturedAt: '2025-03-10T09:15:30+08:00' },
  household: house,
  maxDistanceM: 100,
  maxAgeDays: 30,
  now,
};

describe('judgeGeotag', () => {
  it('passes a recent photo taken at the house', () => {
    const j = judgeGeotag(base);
    expect(j).toMatchObject({ result: 'pass', reason: 'ok', reasons: ['ok'] });
    expect(j.distanceM).toBeGreaterThan(10);
    expect(j.distanceM).toBeLessThan(20);
    expect(j.ageDays).toBeCloseTo(9.95, 2); // 2025-03-10T01:15:30Z to 2025-03-20T00:00Z
  });

  it('fails a photo without GPS', () => {
    expect(judgeGeotag({ ...base, photo: undefined })).toEqual({
      result: 'fail',
      reason: 'no_gps',
      reasons: ['no_gps'],
    });
  });

  it('fails a photo taken too far away, widened by the location accuracy', () => {
    const far = { ...base, photo: { ...base.photo!, lat: -8.7066 } }; // ~111 m south
    expect(judgeGeotag(far)).toMatchObject({ result: 'fail', reason: 'too_far' });
    expect(judgeGeotag({ ...far, household: { ...house, accuracyM: 20 } })).toMatchObject({ result: 'pass' });
  });

  it('fails an old photo and reports distance before age when both fail', () => {
    const old = { ...base, photo: { ...base.photo!, capturedAt: '2024-12-01T08:00:00+08:00' } };
    expect(judgeGeotag(old)).toMatchObject({ result: 'fail', reason: 'too_old' });
    const both = { ...old, photo: { ...old.photo, lat: -8.8 } };
    expect(judgeGeotag(both)).toMatchObject({ result: 'fail', reason: 'too_far', reasons: ['too_far', 'too_old'] });
  });

  it('warns without a household location or without a capture time', () => {
    expect(judgeGeotag({ ...base, household: undefined })).toMatchObject({
      result: 'warn',
      reason: 'no_household_location',
    });
    expect(judgeGeotag({ ...base, photo: { lat: house.lat, lon: house.lon } })).toMatchObject({
      result: 'warn',
      reason: 'no_capture_time',
    });
  });

  it('warns on a capture time in the future, allowing 14 h for a time without offset', () => {
    const future = { ...base, photo: { ...base.photo!, capturedAt: '2025-03-21T00:00:00Z' } };
    expect(judgeGeotag(future)).toMatchObject({ result: 'warn', reason: 'captured_in_future' });
    const localSoon = { ...base, photo: { ...base.photo!, capturedAt: '2025-03-20T08:00:00' } };
    expect(judgeGeotag(localSoon)).toMatchObject({ result: 'pass' });
  });

  it('reads a time without offset with slack at the age limit', () => {
    // 30 days + 10 h before now: too old with an offset, within the 14 h slack without one.
    const edge = '2025-02-17T14:00:00';
    expect(judgeGeotag({ ...base, photo: { ...base.photo!, capturedAt: `${edge}Z` } }).reason).toBe('too_old');
    expect(judgeGeotag({ ...base, photo: { ...base.photo!, capturedAt: edge } }).result).toBe('pass');
  });
});
