import { describe, expect, it } from 'vitest';
import { recorded } from '../../events/fixtures.ts';
import { countKey, emptyProposal, evolveProposal, stageOf, type ProposalRow } from './evolve.ts';

const ID = '01978f3c-1111-7000-8000-000000000001';
const VILLAGE = '52.02.01.1001';
const at = (day: number) => `2025-06-${String(day).padStart(2, '0')}T02:00:00.000Z`;

const intake = [
  recorded(
    `proposal-${ID}`,
    'ProposalDrafted',
    {
      proposalId: ID,
      proposalType: 'new_household',
      regionCode: VILLAGE,
      channel: 'musdes',
      createdBy: { userId: 'op-1', role: 'operator_desa', regionCode: VILLAGE },
    },
    { at: at(1) },
  ),
  recorded(`proposal-${ID}`, 'ProposalSubmitted', { proposalId: ID, window: 'additions' }, { at: at(2) }),
  recorded(`proposal-${ID}`, 'ProposalReturned', { proposalId: ID, reason: 'x', fields: [] }, { at: at(3) }),
  recorded(`proposal-${ID}`, 'ProposalAmended', { proposalId: ID, reason: 'y', changes: [] }, { at: at(4) }),
  recorded(`proposal-${ID}`, 'ProposalResubmitted', { proposalId: ID }, { at: at(5) }),
];
const verification = [
  recorded(`case-${ID}`, 'CaseOpened', { proposalId: ID, regionCode: VILLAGE }, { at: at(2) }),
  recorded(`case-${ID}`, 'ChecksCompleted', { proposalId: ID, round: 1, results: [] }, { at: at(2) }),
];
const registry = [
  recorded('household-01978f3c-2222-7000-8000-000000000001', 'HouseholdRegistered', { proposalId: ID }, { at: at(9) }),
  recorded('household-01978f3c-2222-7000-8000-000000000002', 'HouseholdSplit', { proposalId: ID }, { at: at(8) }),
];

const fold = (events: typeof intake): ProposalRow => events.reduce(evolveProposal, emptyProposal(ID));

describe('evolveProposal', () => {
  it('follows a proposal through intake: submitted, returned, corrected, resubmitted', () => {
    const row = fold(intake.slice(0, 4));
    expect(row).toMatchObject({
      region_code: VILLAGE,
      proposal_type: 'new_household',
      channel: 'musdes',
      status: 'corrected',
      created_by: 'op-1',
      first_submitted_at: at(2),
      decided_at: at(3),
      returns: 1,
    });
    expect(fold(intake)).toMatchObject({ status: 'submitted', first_submitted_at: at(2), last_submitted_at: at(5) });
  });

  it('counts a waiting proposal under the stage its case reached', () => {
    const row = fold([...intake.slice(0, 2), ...verification]);
    expect(row.case_status).toBe('checks_done');
    expect(stageOf(row)).toBe('checks_done');
    expect(countKey(row)).toEqual([VILLAGE, 'new_household', 'musdes', 'checks_done', false]);
    expect(stageOf({ ...row, status: 'verified' })).toBe('verified');
  });

  it('gives the same row whatever order the streams interleave in', () => {
    const orders = [
      [...intake, ...verification, ...registry],
      [...registry, ...verification, ...intake],
      [registry[1]!, intake[0]!, verification[0]!, intake[1]!, registry[0]!, verification[1]!, ...intake.slice(2)],
    ];
    const rows = orders.map(fold);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
    expect(rows[0]?.applied_at).toBe(at(8));
  });

  it('does not count a proposal until intake has named its village, type and channel', () => {
    expect(countKey(fold([...verification, ...registry]))).toBeUndefined();
  });
});
