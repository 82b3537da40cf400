/**
 * Rules that flag unusual patterns in the supervisor view (reports/supervision.ts). Each flag
 * names its rule and the numbers behind it; the console explains it in words (`supervise.rule.*`).
 * A flag is a reason to look, never a verdict: an honest correction also amends a meeting's row.
 */

/** The figures of one operator in one village. */
export interface OperatorFigures {
  drafted: { meeting: number; hand: number; field: number; complaint: number; other: number };
  /** Distinct proposals of a meeting's list this operator amended afterwards. */
  amendedAfterMeeting: number;
  /** Amendments (events) of those proposals. */
  amendmentsAfterMeeting: number;
  /** Distinct imported proposals (musdes or RT/RW lists) this operator changed. */
  rowsChangedFromList: number;
  /** Proposals created in the last `DEADLINE_DAYS` days of the additions window. */
  nearDeadline: number;
  /** The most proposals created within one clock hour. */
  peakHour: number;
  /** House photos this operator uploaded that also back another proposal. */
  reusedPhotos: number;
  returned: number;
  rejected: number;
}

export interface Flag {
  rule: string;
  params: Record<string, number>;
}

/** The thresholds (exported so the docs and the tests name the same numbers). */
export const THRESHOLDS = {
  amendedAfterMeeting: { count: 2, share: 0.1 },
  handEntered: { count: 10 },
  deadlineBurst: { count: 10, share: 0.5 },
  reusedPhotos: { count: 1 },
  returnedOrRejected: { count: 5, share: 0.3 },
  overrides: { count: 3, share: 0.2 },
} as const;

/** Days at the end of the additions window counted as "near the deadline". */
export const DEADLINE_DAYS = 2;

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 100));
const total = (drafted: OperatorFigures['drafted']): number =>
  drafted.meeting + drafted.hand + drafted.field + drafted.complaint + drafted.other;

/**
 * Flags of one operator in one village; `villageMeetingRows` is the number of proposals the
 * village's meetings agreed (by every operator), the measure of "how much of the list changed".
 */
export function operatorFlags(figures: OperatorFigures, villageMeetingRows: number): Flag[] {
  const flags: Flag[] = [];
  const all = total(figures.drafted);
  const t = THRESHOLDS;
  if (
    figures.amendedAfterMeeting >= t.amendedAfterMeeting.count &&
    figures.amendedAfterMeeting >= t.amendedAfterMeeting.share * villageMeetingRows
  )
    flags.push({
      rule: 'amended_after_meeting',
      params: {
        count: figures.amendedAfterMeeting,
        rows: villageMeetingRows,
        percent: percent(figures.amendedAfterMeeting, villageMeetingRows),
      },
    });
  const others = figures.drafted.meeting + figures.drafted.field + figures.drafted.complaint;
  if (figures.drafted.hand >= t.handEntered.count && figures.drafted.hand > others)
    flags.push({ rule: 'mostly_hand_entered', params: { count: figures.drafted.hand, others } });
  if (figures.nearDeadline >= t.deadlineBurst.count && figures.nearDeadline >= t.deadlineBurst.share * all)
    flags.push({
      rule: 'deadline_burst',
      params: { count: figures.nearDeadline, percent: percent(figures.nearDeadline, all), days: DEADLINE_DAYS },
    });
  if (figures.reusedPhotos >= t.reusedPhotos.count)
    flags.push({ rule: 'reused_photos', params: { count: figures.reusedPhotos } });
  const sentBack = figures.returned + figures.rejected;
  if (sentBack >= t.returnedOrRejected.count && sentBack >= t.returnedOrRejected.share * all)
    flags.push({ rule: 'often_returned', params: { count: sentBack, percent: percent(sentBack, all) } });
  return flags;
}

/** Flags of one verifikator: verifying over failed checks often. */
export function verifierFlags(verified: number, overrides: number): Flag[] {
  const t = THRESHOLDS.overrides;
  if (overrides >= t.count && overrides >= t.share * verified)
    return [{ rule: 'frequent_overrides', params: { count: overrides, percent: percent(overrides, verified) } }];
  return [];
}
