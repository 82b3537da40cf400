import type { Geotag } from '../../documents/geotag.ts';
import { haversineMeters, type LatLon } from './geo.ts';

export type GeotagResult = 'pass' | 'warn' | 'fail';

/**
 * Why: `ok`; fail: `no_gps` (the photo has no GPS EXIF), `too_far`, `too_old`;
 * warn: `no_household_location` (nothing to compare with), `no_capture_time`,
 * `captured_in_future` (the device clock is off).
 */
export type GeotagReason =
  | 'ok'
  | 'no_gps'
  | 'too_far'
  | 'too_old'
  | 'no_household_location'
  | 'no_capture_time'
  | 'captured_in_future';

export interface GeotagJudgement {
  result: GeotagResult;
  /** The most serious finding (fails before warnings, distance before time). */
  reason: GeotagReason;
  /** Every finding, most serious first; `['ok']` on a pass. */
  reasons: GeotagReason[];
  distanceM?: number;
  ageDays?: number;
}

export interface GeotagCheck {
  photo: Geotag | undefined;
  /** The household's recorded location; `accuracyM` widens the allowed distance. */
  household: (LatLon & { accuracyM?: number | undefined }) | undefined;
  maxDistanceM: number;
  maxAgeDays: number;
  now: Date;
}

/** A capture time without an offset may be up to 14 hours off UTC. */
const LOCAL_TIME_SLACK_MS = 14 * 3_600_000;
const DAY_MS = 86_400_000;
const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Judges a photo's geotag against the household (DOMAIN.md "Geotag checks"): it has GPS EXIF,
 * lies within `maxDistanceM` (+ the household location's accuracy) and was taken at most
 * `maxAgeDays` before `now`. A time without an offset is read as UTC, with 14 h of slack.
 */
export function judgeGeotag(check: GeotagCheck): GeotagJudgement {
  const { photo, household } = check;
  if (!photo) return { result: 'fail', reason: 'no_gps', reasons: ['no_gps'] };
  const fails: GeotagReason[] = [];
  const warns: GeotagReason[] = [];
  const judgement: Partial<GeotagJudgement> = {};

  if (!household) {
    warns.push('no_household_location');
  } else {
    const distanceM = haversineMeters(photo, household);
    judgement.distanceM = Math.round(distanceM * 10) / 10;
    if (distanceM > check.maxDistanceM + (household.accuracyM ?? 0)) fails.push('too_far');
  }

  const taken = photo.capturedAt === undefined ? undefined : captureInstant(photo.capturedAt);
  if (taken === undefined) {
    warns.push('no_capture_time');
  } else {
    const slack = HAS_OFFSET.test(photo.capturedAt ?? '') ? 0 : LOCAL_TIME_SLACK_MS;
    const ageMs = check.now.getTime() - taken;
    judgement.ageDays = Math.round((ageMs / DAY_MS) * 100) / 100;
    if (ageMs - slack > check.maxAgeDays * DAY_MS) fails.push('too_old');
    else if (ageMs + slack < 0) warns.push('captured_in_future');
  }

  const reasons = [...fails, ...warns];
  const result: GeotagResult = fails.length > 0 ? 'fail' : warns.length > 0 ? 'warn' : 'pass';
  return { ...judgement, result, reason: reasons[0] ?? 'ok', reasons: reasons.length > 0 ? reasons : ['ok'] };
}

/** Milliseconds since the epoch; a time without an offset is read as UTC. */
function captureInstant(capturedAt: string): number | undefined {
  const ms = Date.parse(HAS_OFFSET.test(capturedAt) ? capturedAt : `${capturedAt}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
