import { describe, expect, it } from 'vitest';
import { ApprovalsBody, CaseDecisionBody } from './bodies.ts';
import { worstCheckResult } from './checks.ts';
import { caseStreamId, parseCaseEvent } from './events.ts';

const proposalId = '01950000-0000-7000-8000-000000000001';

describe('verification contracts', () => {
  it('parses case events by type and version, and refuses anything else', () => {
    const checks = {
      type: 'ChecksCompleted',
      schemaVersion: 1,
      data: {
        proposalId,
        round: 1,
        trigger: 'submitted',
        results: [
          {
            check: 'duplicate_nik',
            result: 'fail',
            reason: 'in_other_pending_proposal',
            details: { regions: ['52.02.01.1001'] },
          },
        ],
      },
    };
    expect(parseCaseEvent(checks)?.type).toBe('ChecksCompleted');
    expect(parseCaseEvent({ ...checks, schemaVersion: 2 })).toBeUndefined();
    expect(parseCaseEvent({ ...checks, type: 'ProposalSubmitted' })).toBeUndefined();
    expect(parseCaseEvent({ ...checks, data: { ...checks.data, round: 0 } })).toBeUndefined();
    expect(
      parseCaseEvent({ type: 'CaseRejected', schemaVersion: 1, data: { proposalId, reason: ' ' } }),
    ).toBeUndefined();
    expect(caseStreamId(proposalId)).toBe(`case-${proposalId}`);
  });

  it('refuses a check reason that is not a code (no free text, so no personal data)', () => {
    const withText = {
      type: 'ChecksCompleted',
      schemaVersion: 1,
      data: {
        proposalId,
        round: 1,
        trigger: 'submitted',
        results: [{ check: 'identity', result: 'fail', reason: 'NIK 5202 salah' }],
      },
    };
    expect(parseCaseEvent(withText)).toBeUndefined();
  });

  it('asks a reason to return or reject, and fields only with a return', () => {
    expect(CaseDecisionBody.safeParse({ decision: 'verify' }).success).toBe(true);
    const missing = CaseDecisionBody.safeParse({ decision: 'reject' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]).toMatchObject({ path: ['reason'], message: 'reason.required' });
    expect(
      CaseDecisionBody.safeParse({ decision: 'return', reason: 'lengkapi', fields: ['household.address.rt'] }).success,
    ).toBe(true);
    expect(CaseDecisionBody.safeParse({ decision: 'verify', fields: ['household'] }).success).toBe(false);
  });

  it('takes overridden checks with a verification only, and only known check names', () => {
    const over = { decision: 'verify', overrides: ['duplicate_nik'], reason: 'sudah dicek ke Dukcapil' };
    expect(CaseDecisionBody.safeParse(over).success).toBe(true);
    expect(CaseDecisionBody.safeParse({ ...over, overrides: ['not_a_check'] }).success).toBe(false);
    const onReject = CaseDecisionBody.safeParse({ ...over, decision: 'reject' });
    expect(onReject.error?.issues[0]).toMatchObject({
      path: ['overrides'],
      message: 'decision.overrides_only_on_verify',
    });
  });

  it('takes a duplicate resolution for a listed proposal, with a reason of 10 characters', () => {
    const resolution = { kind: 'deactivate_other', reason: 'KK lama sudah diganti' };
    expect(
      ApprovalsBody.safeParse({ proposalIds: [proposalId], resolutions: { [proposalId]: resolution } }).success,
    ).toBe(true);
    const short = ApprovalsBody.safeParse({
      proposalIds: [proposalId],
      resolutions: { [proposalId]: { ...resolution, reason: '  pendek  ' } },
    });
    expect(short.error?.issues[0]?.message).toBe('resolution.reason_too_short');
    const unlisted = ApprovalsBody.safeParse({
      proposalIds: [proposalId],
      resolutions: { '01950000-0000-7000-8000-000000000002': resolution },
    });
    expect(unlisted.error?.issues[0]?.message).toBe('approvals.resolution_not_listed');
    expect(
      ApprovalsBody.safeParse({
        proposalIds: [proposalId],
        resolutions: { [proposalId]: { ...resolution, kind: 'x' } },
      }).success,
    ).toBe(false);
  });

  it('refuses an empty or repeating approval batch', () => {
    expect(ApprovalsBody.safeParse({ proposalIds: [] }).success).toBe(false);
    expect(ApprovalsBody.safeParse({ proposalIds: [proposalId, proposalId.toUpperCase()] }).success).toBe(false);
    expect(ApprovalsBody.safeParse({ proposalIds: [proposalId] }).success).toBe(true);
  });

  it('ranks results fail > warn > pass', () => {
    expect(worstCheckResult([])).toBe('pass');
    expect(worstCheckResult([{ result: 'pass' }, { result: 'warn' }])).toBe('warn');
    expect(worstCheckResult([{ result: 'warn' }, { result: 'fail' }])).toBe('fail');
  });
});
