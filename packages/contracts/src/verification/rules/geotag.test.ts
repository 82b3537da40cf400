import { describe, expect, it } from 'vitest';
import { judgeGeotag, type GeotagCheck } from './geotag.ts';

const house = { lat: -8.7056, lon: 116.2706, accuracyM: 10 };
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
    const judgement = judgeGeotag(base);
    expect(judgement).toMatchObject({ result: 'pass', reason: 'ok', reasons: ['ok'] });
    expect(judgement.distanceM).toBeLessThan(20);
    expect(judgement.ageDays).toBeCloseTo(9.95, 2);
  });

  it('fails a photo without GPS', () => {
    expect(judgeGeotag({ ...base, photo: undefined })).toEqual({
      result: 'fail',
      reason: 'no_gps',
      reasons: ['no_gps'],
    });
  });

  it('fails a photo too far away (beyond the distance plus the location accuracy)', () => {
    const far = judgeGeotag({ ...base, photo: { lat: -8.71, lon: 116.2706, capturedAt: '2025-03-10T00:00:00Z' } });
    expect(far.result).toBe('fail');
    expect(far.reason).toBe('too_far');
    const withinAccuracy = judgeGeotag({
      ...base,
      household: { ...house, accuracyM: 1000 },
      photo: { lat: -8.71, lon: 116.2706, capturedAt: '2025-03-10T00:00:00Z' },
    });
    expect(withinAccuracy.result).toBe('pass');
  });

  it('fails an old photo and puts distance before age', () => {
    const old = judgeGeotag({ ...base, photo: { lat: -8.72, lon: 116.2706, capturedAt: '2024-01-01T00:00:00Z' } });
    expect(old.reasons).toEqual(['too_far', 'too_old']);
  });

  it('warns without a household location, without a capture time, or for a time in the future', () => {
    expect(judgeGeotag({ ...base, household: undefined }).reason).toBe('no_household_location');
    expect(judgeGeotag({ ...base, photo: { lat: -8.7057, lon: 116.2707 } }).reason).toBe('no_capture_time');
    expect(
      judgeGeotag({ ...base, photo: { lat: -8.7057, lon: 116.2707, capturedAt: '2025-04-01T00:00:00Z' } }).reason,
    ).toBe('captured_in_future');
  });

  it('gives a local time without offset 14 hours of slack', () => {
    const local = judgeGeotag({ ...base, photo: { lat: -8.7057, lon: 116.2707, capturedAt: '2025-03-20T10:00:00' } });
    expect(local.result).toBe('pass');
  });

  it('fails an old photo taken at the house as too_old', () => {
    const old = judgeGeotag({ ...base, photo: { ...base.photo!, capturedAt: '2024-12-01T08:00:00+08:00' } });
    expect(old).toMatchObject({ result: 'fail', reason: 'too_old', reasons: ['too_old'] });
  });

  it('reads a time without offset with slack at the age limit', () => {
    // 30 days + 10 h before now: too old with an offset, within the 14 h slack without one.
    const edge = '2025-02-17T14:00:00';
    expect(judgeGeotag({ ...base, photo: { ...base.photo!, capturedAt: `${edge}Z` } }).reason).toBe('too_old');
    expect(judgeGeotag({ ...base, photo: { ...base.photo!, capturedAt: edge } }).result).toBe('pass');
  });
});
