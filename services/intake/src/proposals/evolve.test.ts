import { describe, expect, it } from 'vitest';
import type { ProposalEvent } from './events.ts';
import { evolve, fold } from './evolve.ts';
import { initialProposalState } from './state.ts';
import { newHousehold, operator } from './test-fixtures.ts';

const ID = '0190a3c4-0000-7000-8000-000000000002';
const content = newHousehold();
const drafted: ProposalEvent = {
  type: 'ProposalDrafted',
  data: {
    proposalId: ID,
    proposalType: 'new_household',
    regionCode: '52.02.01.2012',
    channel: 'field',
    createdBy: operator,
    clientId: 'tab-7:42',
    content,
  },
};
const e = {
  submitted: { type: 'ProposalSubmitted', data: { proposalId: ID, window: 'additions' } },
  deferred: {
    type: 'ProposalSubmissionDeferred',
    data: { proposalId: ID, window: 'additions', opensOn: '2025-06-15' },
  },
  amended: (next = newHousehold({ phone: '081234567890' })) => ({
    type: 'ProposalAmended',
    data: {
      proposalId: ID,
      reason: 'nomor telepon',
      changes: [{ path: 'household.phone', to: '081234567890' }],
      content: next,
    },
  }),
  withdrawn: { type: 'ProposalWithdrawn', data: { proposalId: ID, reason: 'ganda' } },
  returned: {
    type: 'ProposalReturned',
    data: { proposalId: ID, reason: 'foto', verificationCaseId: 'c1', fields: ['household.location'] },
  },
  resubmitted: { type: 'ProposalResubmitted', data: { proposalId: ID } },
  verified: { type: 'ProposalVerified', data: { proposalId: ID, verificationCaseId: 'c1' } },
  rejected: { type: 'ProposalRejected', data: { proposalId: ID, verificationCaseId: 'c1', reason: 'mampu' } },
  approved: { type: 'ProposalApproved', data: { proposalId: ID, verificationCaseId: 'c1' } },
} satisfies Record<string, ProposalEvent | ((...args: never[]) => ProposalEvent)>;

describe('evolve', () => {
  it('starts a draft from ProposalDrafted', () => {
    expect(evolve(initialProposalState(), drafted)).toEqual({
      status: 'draft',
      revision: 0,
      proposalId: ID,
      proposalType: 'new_household',
      regionCode: '52.02.01.2012',
      channel: 'field',
      createdBy: operator,
      clientId: 'tab-7:42',
      content,
      amendments: 0,
    });
  });

  it('counts revisions like the stream (0-based)', () => {
    expect(fold([drafted, e.submitted, e.returned]).revision).toBe(2);
  });

  it('keeps a deferred submission as a draft with its opening day, cleared on submission', () => {
    const deferred = fold([drafted, e.deferred]);
    expect(deferred).toMatchObject({ status: 'draft', deferredUntil: '2025-06-15' });
    const submitted = evolve(deferred, e.submitted);
    expect(submitted.status).toBe('submitted');
    expect(submitted).not.toHaveProperty('deferredUntil');
  });

  it('amends a draft: new content, one more amendment, still a draft', () => {
    const next = newHousehold({ phone: '081234567890' });
    expect(fold([drafted, e.amended(next)])).toMatchObject({ status: 'draft', content: next, amendments: 1 });
  });

  it('returns, corrects and resubmits', () => {
    const returned = fold([drafted, e.submitted, e.returned]);
    expect(returned).toMatchObject({
      status: 'returned',
      returned: { reason: 'foto', verificationCaseId: 'c1', fields: ['household.location'] },
    });
    const corrected = evolve(returned, e.amended());
    expect(corrected).toMatchObject({ status: 'corrected', amendments: 1 });
    expect(evolve(corrected, e.amended()).status).toBe('corrected');
    const resubmitted = evolve(corrected, e.resubmitted);
    expect(resubmitted.status).toBe('submitted');
    expect(resubmitted).not.toHaveProperty('returned');
  });

  it('withdraws', () => {
    const state = fold([drafted, e.deferred, e.withdrawn]);
    expect(state.status).toBe('withdrawn');
    expect(state).not.toHaveProperty('deferredUntil');
  });

  it('records verification outcomes', () => {
    expect(fold([drafted, e.submitted, e.verified])).toMatchObject({ status: 'verified', verificationCaseId: 'c1' });
    expect(fold([drafted, e.submitted, e.verified, e.approved]).status).toBe('approved');
    expect(fold([drafted, e.submitted, e.rejected])).toMatchObject({ status: 'rejected', verificationCaseId: 'c1' });
  });

  it('keeps forgotten content as null', () => {
    expect(fold([{ ...drafted, data: { ...drafted.data, content: null } } as ProposalEvent])).toMatchObject({
      content: null,
    });
  });

  it('refuses a stream that does not start with ProposalDrafted', () => {
    expect(() => evolve(initialProposalState(), e.submitted)).toThrow(/before ProposalDrafted/);
  });
});
