import { describe, expect, it } from 'vitest';
import { operatorFlags, verifierFlags, type OperatorFigures } from './supervision-rules.ts';

const quiet: OperatorFigures = {
  drafted: { meeting: 40, hand: 2, field: 0, complaint: 0, other: 0 },
  amendedAfterMeeting: 1,
  amendmentsAfterMeeting: 1,
  rowsChangedFromList: 1,
  nearDeadline: 3,
  peakHour: 5,
  reusedPhotos: 0,
  returned: 1,
  rejected: 0,
};

describe('supervision rules', () => {
  it('leaves an ordinary operator unflagged (one correction of a meeting row is no pattern)', () => {
    expect(operatorFlags(quiet, 40)).toEqual([]);
  });

  it('flags amending a meeting’s rows afterwards, by count and by share of the village’s list', () => {
    expect(operatorFlags({ ...quiet, amendedAfterMeeting: 2 }, 4)).toEqual([
      { rule: 'amended_after_meeting', params: { count: 2, rows: 4, percent: 50 } },
    ]);
    // Two of a list of a hundred rows is within ordinary corrections.
    expect(operatorFlags({ ...quiet, amendedAfterMeeting: 2 }, 100)).toEqual([]);
  });

  it('flags hand entry beyond every other channel, deadline bursts, reused photos and frequent returns', () => {
    const busy: OperatorFigures = {
      ...quiet,
      drafted: { meeting: 0, hand: 30, field: 2, complaint: 0, other: 0 },
      amendedAfterMeeting: 0,
      nearDeadline: 20,
      reusedPhotos: 2,
      returned: 8,
      rejected: 3,
    };
    expect(operatorFlags(busy, 0).map((flag) => flag.rule)).toEqual([
      'mostly_hand_entered',
      'deadline_burst',
      'reused_photos',
      'often_returned',
    ]);
    expect(operatorFlags(busy, 0).find((flag) => flag.rule === 'deadline_burst')?.params).toEqual({
      count: 20,
      percent: 63,
      days: 2,
    });
  });

  it('flags a verifikator who often verifies over failed checks', () => {
    expect(verifierFlags(10, 3)).toEqual([{ rule: 'frequent_overrides', params: { count: 3, percent: 30 } }]);
    expect(verifierFlags(100, 3)).toEqual([]);
    expect(verifierFlags(2, 2)).toEqual([]);
  });
});
