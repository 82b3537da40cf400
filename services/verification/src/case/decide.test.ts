import type { Actor, CheckOutcome, Sealed, StoredCaseEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { CaseError, decide, OverrideRequired, type CaseCommand } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialCaseState, type CaseState } from './state.ts';

const proposalId = '01950000-0000-7000-8000-000000000001';
const verifikator: Actor = { userId: 'v-1', role: 'verifikator_kabkota', regionCode: '52.02' };
const pass: CheckOutcome[] = [{ check: 'identity', result: 'pass', reason: 'valid' }];
const fail: CheckOutcome[] = [{ check: 'identity', result: 'fail', reason: 'invalid', details: { findings: ['x:y'] } }];
const sealed: Sealed = { $sealed: 1, sub: `proposal:${proposalId}`, iv: 'i', ct: 'c', tag: 't' };
const proposal = {
  proposalId,
  regionCode: '52.02.01.1001',
  proposalType: 'new_household' as const,
  channel: 'operator' as const,
};
const run = (trigger: 'submitted' | 'resubmitted' | 'evidence', results = pass): CaseCommand => ({
  type: 'RunChecks',
  trigger,
  proposal,
  results,
});

/** Applies a command's events like the store would (revisions counting on). */
function apply(state: CaseState, command: CaseCommand): CaseState {
  return decide(command, state).reduce(
    (next, event: StoredCaseEvent) =>
      evolve(next, {
        ...event,
        metadata: { actor: verifikator, occurredAt: '2025-03-16T03:00:00Z' },
        revision: next.revision + 1,
      }),
    state,
  );
}
const given = (...commands: CaseCommand[]): CaseState => commands.reduce(apply, initialCaseState());
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof CaseError ? error.code : 'other';
  }
};

describe('case decide/evolve', () => {
  it('opens the case with round 1 on submission, never on evidence alone', () => {
    expect(decide(run('submitted'), initialCaseState()).map((event) => event.type)).toEqual([
      'CaseOpened',
      'ChecksCompleted',
    ]);
    expect(decide(run('evidence'), initialCaseState())).toEqual([]);
    const state = given(run('submitted'));
    expect(state).toMatchObject({ status: 'checks_done', revision: 1, regionCode: '52.02.01.1001' });
  });

  it('adds a round for new evidence only when a result changed', () => {
    const state = given(run('submitted', fail));
    expect(decide(run('evidence', fail), state)).toEqual([]);
    const events = decide(run('evidence', pass), state);
    expect(events).toEqual([
      { type: 'ChecksCompleted', schemaVersion: 1, data: { proposalId, round: 2, trigger: 'evidence', results: pass } },
    ]);
  });

  it('verifies, returns and rejects an undecided case; a reason rides on negative decisions', () => {
    const open = given(run('submitted'));
    expect(decide({ type: 'Decide', decision: 'verify' }, open)[0]?.type).toBe('CaseVerified');
    expect(
      decide({ type: 'Decide', decision: 'return', reason: 'foto kurang', fields: ['household.address'] }, open),
    ).toEqual([
      {
        type: 'CaseReturned',
        schemaVersion: 1,
        data: { proposalId, reason: 'foto kurang', fields: ['household.address'] },
      },
    ]);
    expect(decide({ type: 'Decide', decision: 'reject', reason: 'mampu' }, open)[0]?.data).toEqual({
      proposalId,
      reason: 'mampu',
    });
    const decided = apply(open, { type: 'Decide', decision: 'reject', reason: 'mampu' });
    expect(decided.status).toBe('rejected');
    expect(codeOf(() => decide({ type: 'Decide', decision: 'verify' }, decided))).toBe('case.not_decidable');
    expect(codeOf(() => decide({ type: 'Decide', decision: 'verify' }, initialCaseState()))).toBe('case.not_found');
  });

  it('verifies over failing checks only when each is named and a reason of 10 characters says why', () => {
    const failing: CheckOutcome[] = [
      ...fail,
      { check: 'duplicate_nik', result: 'fail', reason: 'active_in_other_household' },
      { check: 'geotag', result: 'warn', reason: 'no_capture_time' },
    ];
    const open = given(run('submitted', failing));
    const refusal = (command: Extract<CaseCommand, { type: 'Decide' }>) => {
      try {
        decide(command, open);
      } catch (error) {
        if (error instanceof OverrideRequired) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const silent = refusal({ type: 'Decide', decision: 'verify' });
    expect(silent).toMatchObject({
      code: 'case.override_required',
      failing: ['duplicate_nik', 'identity'],
      missing: ['duplicate_nik', 'identity'],
      notFailing: [],
      reasonMissing: true,
    });
    const reason = 'NIK ganda sudah dicek, KK lama tidak berlaku';
    expect(refusal({ type: 'Decide', decision: 'verify', overrides: ['identity'], reason })).toMatchObject({
      missing: ['duplicate_nik'],
      reasonMissing: false,
    });
    expect(
      refusal({ type: 'Decide', decision: 'verify', overrides: ['identity', 'duplicate_nik'], reason: ' pendek  ' }),
    ).toMatchObject({ missing: [], reasonMissing: true });
    expect(
      refusal({ type: 'Decide', decision: 'verify', overrides: ['identity', 'duplicate_nik', 'geotag'], reason }),
    ).toMatchObject({ missing: [], notFailing: ['geotag'], reasonMissing: false });

    const command: CaseCommand = {
      type: 'Decide',
      decision: 'verify',
      overrides: ['identity', 'duplicate_nik'],
      reason,
    };
    expect(decide(command, open)).toEqual([
      {
        type: 'CaseVerified',
        schemaVersion: 1,
        data: { proposalId, reason, overrides: ['duplicate_nik', 'identity'] },
      },
    ]);
    const verified = apply(open, command);
    expect(verified.status !== 'none' && verified.decisions[0]).toMatchObject({
      decision: 'verify',
      reason,
      overrides: ['duplicate_nik', 'identity'],
    });
    // Without failing checks nothing is overridden; naming one that passed is refused.
    const clean = given(run('submitted'));
    expect(decide({ type: 'Decide', decision: 'verify' }, clean)[0]?.data).toEqual({ proposalId });
    expect(codeOf(() => decide({ type: 'Decide', decision: 'verify', overrides: ['identity'] }, clean))).toBe(
      'case.override_required',
    );
  });

  it('starts a new round on resubmission after a return, and only then', () => {
    const returned = given(run('submitted'), { type: 'Decide', decision: 'return', reason: 'lengkapi' });
    expect(returned.status).toBe('returned');
    expect(decide(run('evidence', fail), returned)).toEqual([]);
    const resubmitted = apply(returned, run('resubmitted', pass));
    expect(resubmitted).toMatchObject({ status: 'checks_done', revision: 3 });
    expect(resubmitted.status !== 'none' && resubmitted.rounds.map((round) => round.round)).toEqual([1, 2]);
  });

  it('holds verification while a field validation is pending, then resumes', () => {
    const fieldValidationId = '01950000-0000-7000-8000-0000000000f1';
    const ordered = given(run('submitted'), { type: 'OrderFieldValidation', fieldValidationId, instructions: sealed });
    expect(ordered.status).toBe('field_validation');
    expect(codeOf(() => decide({ type: 'Decide', decision: 'verify' }, ordered))).toBe('case.field_validation_pending');
    expect(
      codeOf(() => decide({ type: 'OrderFieldValidation', fieldValidationId, instructions: sealed }, ordered)),
    ).toBe('case.field_validation_pending');
    expect(decide({ type: 'Decide', decision: 'reject', reason: 'tidak ditemukan' }, ordered)[0]?.type).toBe(
      'CaseRejected',
    );
    const recorded = apply(ordered, { type: 'RecordFieldValidation', fieldValidationId, outcome: 'confirmed' });
    expect(recorded.status).toBe('checks_done');
    expect(
      codeOf(() => decide({ type: 'RecordFieldValidation', fieldValidationId, outcome: 'confirmed' }, recorded)),
    ).toBe('field_validation.not_pending');
    expect(
      codeOf(() =>
        decide({ type: 'RecordFieldValidation', fieldValidationId: proposalId, outcome: 'confirmed' }, recorded),
      ),
    ).toBe('field_validation.not_found');
  });

  it('approves only verified cases, once', () => {
    const open = given(run('submitted'));
    expect(codeOf(() => decide({ type: 'Approve' }, open))).toBe('case.not_verified');
    const verified = apply(open, { type: 'Decide', decision: 'verify' });
    const batchId = '01950000-0000-7000-8000-0000000000b1';
    expect(decide({ type: 'Approve', batchId }, verified)[0]?.data).toEqual({ proposalId, batchId });
    const approved = apply(verified, { type: 'Approve', batchId });
    expect(approved.status !== 'none' && approved.decisions.map((d) => d.decision)).toEqual(['verify', 'approve']);
    expect(codeOf(() => decide({ type: 'Approve' }, approved))).toBe('case.already_approved');
  });

  it("records an approval's duplicate resolution on the event and the decision", () => {
    const verified = given(run('submitted'), { type: 'Decide', decision: 'verify' });
    const resolution = { kind: 'deactivate_other', reason: 'rumah tangga lama sudah pindah' } as const;
    expect(decide({ type: 'Approve', resolution }, verified)[0]?.data).toEqual({ proposalId, resolution });
    const approved = apply(verified, { type: 'Approve', resolution });
    expect(approved.status !== 'none' && approved.decisions[1]).toMatchObject({ decision: 'approve', resolution });
  });

  it('closes an undecided case when the proposal is withdrawn, and leaves a decided one alone', () => {
    const open = given(run('submitted'));
    expect(decide({ type: 'Withdraw', reason: 'salah input' }, open)[0]?.type).toBe('CaseWithdrawn');
    const verified = apply(open, { type: 'Decide', decision: 'verify' });
    expect(decide({ type: 'Withdraw', reason: 'salah input' }, verified)).toEqual([]);
    expect(decide({ type: 'Withdraw', reason: 'x' }, initialCaseState())).toEqual([]);
  });
});

describe('a case the ministry returned', () => {
  const reopen: CaseCommand = {
    type: 'Reopen',
    reason: 'NIK tidak padan Dukcapil',
    cutoffId: '01950000-0000-7000-8000-0000000000c1',
    period: '2025-05',
  };
  const approved = () => given(run('submitted'), { type: 'Decide', decision: 'verify' }, { type: 'Approve' });

  it('reopens an approved case for a new decision, with the ministry’s reason on the record', () => {
    const state = apply(approved(), reopen);
    expect(state).toMatchObject({ status: 'checks_done' });
    expect(state.status !== 'none' && state.decisions.at(-1)).toMatchObject({
      decision: 'reopen',
      reason: 'NIK tidak padan Dukcapil',
      period: '2025-05',
    });
    // The verifikator decides again.
    expect(apply(state, { type: 'Decide', decision: 'return', reason: 'Perbaiki NIK' })).toMatchObject({
      status: 'returned',
    });
  });

  it('asks nothing of a case that is not approved (already reopened, undecided, unknown)', () => {
    expect(decide(reopen, apply(approved(), reopen))).toEqual([]);
    expect(decide(reopen, given(run('submitted')))).toEqual([]);
    expect(decide(reopen, initialCaseState())).toEqual([]);
  });
});
