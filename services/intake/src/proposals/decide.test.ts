import { describe, expect, it } from 'vitest';
import type { ProposalStatus } from '@siks/contracts';
import type { ProposalCommand } from './commands.ts';
import { decide, type DecideContext } from './decide.ts';
import { ProposalError, type ProposalErrorCode } from './errors.ts';
import type { ProposalEvent } from './events.ts';
import { fold } from './evolve.ts';
import { initialProposalState, type ProposalState } from './state.ts';
import { household, newHousehold, operator, verifier } from './test-fixtures.ts';
import { defaultWindowConfig } from '@siks/contracts';

const ID = '0190a3c4-0000-7000-8000-000000000001';
const CASE = 'case-1';
const context: DecideContext = { windows: defaultWindowConfig };
/** 16 June 2025, 10:00 WITA: inside the 15th–22nd window of Lombok Tengah. */
const INSIDE = new Date('2025-06-16T02:00:00Z');
/** 10 June 2025, 10:00 WITA: outside; the window opens on the 15th. */
const OUTSIDE = new Date('2025-06-10T02:00:00Z');
const meta = (now = INSIDE, actor = operator) => ({ now, actor });

const drafted: ProposalEvent = {
  type: 'ProposalDrafted',
  data: {
    proposalId: ID,
    proposalType: 'new_household',
    regionCode: '52.02.01.2012',
    channel: 'operator',
    createdBy: operator,
    content: newHousehold(),
  },
};
const submitted: ProposalEvent = { type: 'ProposalSubmitted', data: { proposalId: ID, window: 'additions' } };
const returned: ProposalEvent = {
  type: 'ProposalReturned',
  data: { proposalId: ID, reason: 'foto rumah kurang jelas', verificationCaseId: CASE, fields: [] },
};
const amended: ProposalEvent = {
  type: 'ProposalAmended',
  data: {
    proposalId: ID,
    reason: 'perbaikan',
    changes: [{ path: 'household.address.rt', from: '003', to: '004' }],
    content: newHousehold(),
  },
};
const verified: ProposalEvent = { type: 'ProposalVerified', data: { proposalId: ID, verificationCaseId: CASE } };

/** A proposal in each status, by its history. */
const histories: Record<ProposalStatus, ProposalEvent[]> = {
  draft: [drafted],
  submitted: [drafted, submitted],
  returned: [drafted, submitted, returned],
  corrected: [drafted, submitted, returned, amended],
  withdrawn: [drafted, { type: 'ProposalWithdrawn', data: { proposalId: ID, reason: 'salah input' } }],
  verified: [drafted, submitted, verified],
  approved: [
    drafted,
    submitted,
    verified,
    { type: 'ProposalApproved', data: { proposalId: ID, verificationCaseId: CASE } },
  ],
  rejected: [
    drafted,
    submitted,
    { type: 'ProposalRejected', data: { proposalId: ID, verificationCaseId: CASE, reason: 'tidak memenuhi kriteria' } },
  ],
};
const given = (status: ProposalStatus): ProposalState => {
  const state = fold(histories[status]);
  expect(state.status).toBe(status);
  return state;
};
const ALL = Object.keys(histories) as ProposalStatus[];

function refusal(command: ProposalCommand, state: ProposalState): ProposalErrorCode {
  try {
    decide(command, state, context);
  } catch (error) {
    if (error instanceof ProposalError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const amendCommand = (
  content = newHousehold({ address: { street: 'Jl. Baru 1', rt: '003', rw: '001' } }),
  reason = 'alamat salah',
) => ({ type: 'AmendProposal', data: { proposalId: ID, reason, content }, metadata: meta() }) as const;
const submitCommand = (now = INSIDE) =>
  ({ type: 'SubmitProposal', data: { proposalId: ID }, metadata: meta(now) }) as const;
const withdrawCommand = (reason = 'keluarga pindah') =>
  ({ type: 'WithdrawProposal', data: { proposalId: ID, reason }, metadata: meta() }) as const;
const returnCommand = (reason = 'KK tidak terbaca') =>
  ({
    type: 'ReturnProposal',
    data: { proposalId: ID, reason, verificationCaseId: CASE, fields: ['household.kkNumber'] },
    metadata: meta(INSIDE, verifier),
  }) as const;
const verifyCommand = {
  type: 'VerifyProposal',
  data: { proposalId: ID, verificationCaseId: CASE },
  metadata: meta(INSIDE, verifier),
} as const;
const rejectCommand = (reason = 'mampu') =>
  ({
    type: 'RejectProposal',
    data: { proposalId: ID, verificationCaseId: CASE, reason },
    metadata: meta(INSIDE, verifier),
  }) as const;
const approveCommand = {
  type: 'ApproveProposal',
  data: { proposalId: ID, verificationCaseId: CASE },
  metadata: meta(INSIDE, verifier),
} as const;

describe('DraftProposal', () => {
  const draft = (submit: boolean, now = INSIDE) =>
    ({
      type: 'DraftProposal',
      data: { proposalId: ID, channel: 'operator', content: newHousehold(), submit },
      metadata: meta(now),
    }) as const;

  it('keeps a draft', () => {
    expect(decide(draft(false), initialProposalState(), context)).toEqual([drafted]);
  });

  it('submits at once inside the window', () => {
    expect(decide(draft(true), initialProposalState(), context)).toEqual([drafted, submitted]);
  });

  it('defers the submission outside the window: the draft waits', () => {
    expect(decide(draft(true, OUTSIDE), initialProposalState(), context)).toEqual([
      drafted,
      { type: 'ProposalSubmissionDeferred', data: { proposalId: ID, window: 'additions', opensOn: '2025-06-15' } },
    ]);
  });

  it('records the client id and import source', () => {
    const [event] = decide(
      {
        type: 'DraftProposal',
        data: {
          proposalId: ID,
          channel: 'musdes',
          content: newHousehold(),
          submit: false,
          clientId: 'dev-1:7',
          source: { importId: ID, rows: [2, 3] },
        },
        metadata: meta(),
      },
      initialProposalState(),
      context,
    );
    expect(event).toMatchObject({ data: { channel: 'musdes', clientId: 'dev-1:7', source: { rows: [2, 3] } } });
  });

  it('refuses an id that exists', () => {
    expect(refusal(draft(false), given('draft'))).toBe('proposal.already_exists');
  });
});

describe('AmendProposal', () => {
  it.each(['draft', 'returned', 'corrected'] as const)(
    'amends a %s proposal, recording the changed fields',
    (status) => {
      const events = decide(amendCommand(), given(status), context);
      expect(events).toEqual([
        {
          type: 'ProposalAmended',
          data: {
            proposalId: ID,
            reason: 'alamat salah',
            changes: [
              { path: 'household.address.street', from: 'Jl. Gajah Mada 7', to: 'Jl. Baru 1' },
              { path: 'household.address.dusun', from: 'Montong' },
            ],
            content: amendCommand().data.content,
          },
        },
      ]);
    },
  );

  it.each(['submitted', 'withdrawn', 'verified', 'approved', 'rejected'] as const)(
    'refuses to amend a %s proposal',
    (status) => {
      expect(refusal(amendCommand(), given(status))).toBe('proposal.not_amendable');
    },
  );

  it('requires a reason', () => {
    expect(refusal(amendCommand(undefined, '   '), given('draft'))).toBe('proposal.reason_required');
  });

  it('refuses an amendment that changes nothing', () => {
    expect(refusal(amendCommand(newHousehold()), given('draft'))).toBe('proposal.no_changes');
  });

  it('refuses to change the type or the village', () => {
    const other = { type: 'split_household', householdId: ID, household: household() } as const;
    expect(refusal(amendCommand(other), given('draft'))).toBe('proposal.type_immutable');
    expect(refusal(amendCommand(newHousehold({ regionCode: '52.02.01.1001' })), given('draft'))).toBe(
      'proposal.region_immutable',
    );
  });

  it('refuses when the personal data was forgotten', () => {
    const state = fold([{ ...drafted, data: { ...drafted.data, content: null } } as ProposalEvent]);
    expect(refusal(amendCommand(), state)).toBe('proposal.data_forgotten');
  });

  it('refuses an unknown proposal', () => {
    expect(refusal(amendCommand(), initialProposalState())).toBe('proposal.not_found');
  });
});

describe('SubmitProposal', () => {
  it('submits a draft inside its window', () => {
    expect(decide(submitCommand(), given('draft'), context)).toEqual([submitted]);
  });

  it('defers a draft outside its window, once per opening', () => {
    const deferred = decide(submitCommand(OUTSIDE), given('draft'), context);
    expect(deferred).toEqual([
      { type: 'ProposalSubmissionDeferred', data: { proposalId: ID, window: 'additions', opensOn: '2025-06-15' } },
    ]);
    expect(decide(submitCommand(OUTSIDE), fold([drafted, ...deferred]), context)).toEqual([]);
  });

  it('submits a data correction (update) on any day', () => {
    const state = fold([
      {
        type: 'ProposalDrafted',
        data: {
          ...drafted.data,
          proposalType: 'update',
          content: { type: 'update', householdId: ID, regionCode: '52.02.01.2012', household: household() },
        },
      } as ProposalEvent,
    ]);
    expect(decide(submitCommand(OUTSIDE), state, context)).toEqual([
      { type: 'ProposalSubmitted', data: { proposalId: ID, window: 'none' } },
    ]);
  });

  it.each(['returned', 'corrected'] as const)('resubmits a %s proposal, with no window', (status) => {
    expect(decide(submitCommand(OUTSIDE), given(status), context)).toEqual([
      { type: 'ProposalResubmitted', data: { proposalId: ID } },
    ]);
  });

  it('refuses a second submission', () => {
    expect(refusal(submitCommand(), given('submitted'))).toBe('proposal.already_submitted');
  });

  it.each(['withdrawn', 'verified', 'approved', 'rejected'] as const)('refuses to submit a %s proposal', (status) => {
    expect(refusal(submitCommand(), given(status))).toBe('proposal.not_submittable');
  });
});

describe('WithdrawProposal', () => {
  it.each(['draft', 'submitted', 'returned', 'corrected'] as const)('withdraws a %s proposal', (status) => {
    expect(decide(withdrawCommand(), given(status), context)).toEqual([
      { type: 'ProposalWithdrawn', data: { proposalId: ID, reason: 'keluarga pindah' } },
    ]);
  });

  it.each(['withdrawn', 'verified', 'approved', 'rejected'] as const)('refuses to withdraw a %s proposal', (status) => {
    expect(refusal(withdrawCommand(), given(status))).toBe('proposal.not_withdrawable');
  });

  it('requires a reason', () => {
    expect(refusal(withdrawCommand(''), given('draft'))).toBe('proposal.reason_required');
  });
});

describe('verification outcomes', () => {
  it.each(['submitted', 'verified'] as const)('returns a %s proposal with its reason and fields', (status) => {
    expect(decide(returnCommand(), given(status), context)).toEqual([
      {
        type: 'ProposalReturned',
        data: { proposalId: ID, reason: 'KK tidak terbaca', verificationCaseId: CASE, fields: ['household.kkNumber'] },
      },
    ]);
  });

  it.each(ALL.filter((s) => s !== 'submitted' && s !== 'verified'))('refuses to return a %s proposal', (status) => {
    expect(refusal(returnCommand(), given(status))).toBe('proposal.not_under_verification');
  });

  it('requires a reason to return or reject', () => {
    expect(refusal(returnCommand(' '), given('submitted'))).toBe('proposal.reason_required');
    expect(refusal(rejectCommand(''), given('submitted'))).toBe('proposal.reason_required');
  });

  it('verifies a submitted proposal only', () => {
    expect(decide(verifyCommand, given('submitted'), context)).toEqual([verified]);
    for (const status of ALL.filter((s) => s !== 'submitted'))
      expect(refusal(verifyCommand, given(status))).toBe('proposal.not_under_verification');
  });

  it('rejects a submitted or verified proposal only', () => {
    for (const status of ['submitted', 'verified'] as const)
      expect(decide(rejectCommand(), given(status), context)).toEqual([
        { type: 'ProposalRejected', data: { proposalId: ID, verificationCaseId: CASE, reason: 'mampu' } },
      ]);
    for (const status of ALL.filter((s) => s !== 'submitted' && s !== 'verified'))
      expect(refusal(rejectCommand(), given(status))).toBe('proposal.not_under_verification');
  });

  it('approves a verified proposal only', () => {
    expect(decide(approveCommand, given('verified'), context)).toEqual([
      { type: 'ProposalApproved', data: { proposalId: ID, verificationCaseId: CASE } },
    ]);
    for (const status of ALL.filter((s) => s !== 'verified'))
      expect(refusal(approveCommand, given(status))).toBe('proposal.not_verified');
  });

  it("keeps the approver's duplicate resolution on the approval", () => {
    const resolution = { kind: 'move_members', reason: 'anggota pindah ke KK baru' } as const;
    expect(
      decide({ ...approveCommand, data: { ...approveCommand.data, resolution } }, given('verified'), context),
    ).toEqual([{ type: 'ProposalApproved', data: { proposalId: ID, verificationCaseId: CASE, resolution } }]);
  });

  it.each([verifyCommand, approveCommand, returnCommand(), rejectCommand(), submitCommand(), withdrawCommand()])(
    'refuses $type on an unknown proposal',
    (command) => {
      expect(refusal(command, initialProposalState())).toBe('proposal.not_found');
    },
  );
});
