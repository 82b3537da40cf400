import { describe, expect, it } from 'vitest';
import { recorded } from '../../events/fixtures.ts';
import { auditRow } from './row.ts';

const P = '01978f3c-1111-7000-8000-000000000001';
const H = '01978f3c-2222-7000-8000-000000000001';
const sealed = { $sealed: 1, sub: 'person:x', iv: 'a', ct: 'b', tag: 'c' };
const located = { region: '52.02.01.1001', pendingKey: null };

describe('auditRow', () => {
  it('keeps who, when, channel, reason, ids and codes, and nothing personal', () => {
    const row = auditRow(
      recorded(`proposal-${P}`, 'ProposalDrafted', {
        proposalId: P,
        proposalType: 'new_household',
        regionCode: '52.02.01.1001',
        channel: 'musdes',
        createdBy: { userId: 'op-1' },
        content: { type: 'new_household', household: { members: [{ personal: sealed }], personal: sealed } },
      }),
      located,
    );
    expect(row).toMatchObject({
      event_type: 'ProposalDrafted',
      actor_id: 'op-1',
      actor_role: 'operator_desa',
      channel: 'operator',
      proposal_id: P,
      household_id: null,
      region_code: '52.02.01.1001',
      details: { proposalType: 'new_household', channel: 'musdes' },
      changes: null,
    });
    expect(JSON.stringify(row)).not.toContain('$sealed');
  });

  it('takes the reason from metadata or data, the checks of a round, the household of a lookup', () => {
    expect(
      auditRow(
        recorded(`case-${P}`, 'CaseRejected', { proposalId: P, reason: 'dari data' }, { reason: 'dari metadata' }),
        located,
      ).reason,
    ).toBe('dari metadata');
    const checks = auditRow(
      recorded(`case-${P}`, 'ChecksCompleted', {
        proposalId: P,
        round: 2,
        trigger: 'resubmitted',
        results: [{ check: 'dukcapil_match', result: 'fail', reason: 'name_mismatch', details: { paths: ['x'] } }],
      }),
      located,
    );
    expect(checks.details).toEqual({
      round: 2,
      trigger: 'resubmitted',
      checks: [{ check: 'dukcapil_match', result: 'fail' }],
    });
    const lookup = auditRow(
      recorded('access-2025-06-18-abc', 'NikLookedUp', {
        nikIndex: 'f'.repeat(64),
        found: true,
        householdIds: [H],
        regionCode: '52.02',
      }),
      { region: '52.02', pendingKey: null },
    );
    expect(lookup).toMatchObject({ household_id: H, proposal_id: null, details: { found: true } });
    expect(JSON.stringify(lookup)).not.toContain('f'.repeat(64));
  });

  it('keeps where an imported proposal came from and which failed checks a verifikator verified over', () => {
    const M = '01978f3c-3333-7000-8000-000000000001';
    const I = '01978f3c-4444-7000-8000-000000000001';
    const drafted = auditRow(
      recorded(`proposal-${P}`, 'ProposalDrafted', {
        proposalId: P,
        channel: 'musdes',
        source: { importId: I, rows: [4, 5], meetingId: M },
      }),
      located,
    );
    expect(drafted.details).toEqual({ channel: 'musdes', importId: I, meetingId: M, row: 4 });
    const verified = auditRow(
      recorded(
        `case-${P}`,
        'CaseVerified',
        { proposalId: P, overrides: ['evidence_completeness'] },
        { reason: 'sudah dicek' },
      ),
      located,
    );
    expect(verified).toMatchObject({ reason: 'sudah dicek', details: { overrides: ['evidence_completeness'] } });
  });
});
