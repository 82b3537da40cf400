import { describe, expect, it } from 'vitest';
import { duplicateKkCheck, duplicateNikCheck } from './duplicates.ts';
import type { KkFacts } from './facts.ts';
import { indexOf, member } from './test-fixtures.ts';

const head = member('household.members.0', 'a1');
const child = member('household.members.1', 'b2', { relationship: 'anak' });
const household = '01950000-0000-7000-8000-00000000000a';
const other = '01950000-0000-7000-8000-00000000000b';

describe('duplicate NIK', () => {
  it('passes when no member is active elsewhere or in another pending proposal', () => {
    expect(duplicateNikCheck([head, child], undefined, [], [])).toEqual({
      check: 'duplicate_nik',
      result: 'pass',
      reason: 'unique',
    });
  });

  it('fails a member active in another household, in any village, naming path and region', () => {
    const outcome = duplicateNikCheck(
      [head, child],
      undefined,
      [{ nikIndex: child.nikIndex, householdId: other, regionCode: '53.01.01.2001' }],
      [],
    );
    expect(outcome).toEqual({
      check: 'duplicate_nik',
      result: 'fail',
      reason: 'active_in_other_household',
      details: {
        paths: ['household.members.1'],
        regions: ['53.01.01.2001'],
        activeHouseholds: 1,
        pendingProposals: 0,
      },
    });
  });

  it('does not count the household the proposal is about', () => {
    const split = duplicateNikCheck(
      [head],
      household,
      [{ nikIndex: head.nikIndex, householdId: household, regionCode: 'x' }],
      [],
    );
    expect(split.result).toBe('pass');
  });

  it('fails a member proposed in another pending proposal', () => {
    const outcome = duplicateNikCheck(
      [head],
      undefined,
      [],
      [{ nikIndex: head.nikIndex, proposalId: other, regionCode: '32.04.01.2001' }],
    );
    expect(outcome).toMatchObject({ result: 'fail', reason: 'in_other_pending_proposal' });
    expect(outcome.details?.['regions']).toEqual(['32.04.01.2001']);
  });

  it('ignores subjects (people a proposal is about, not adds)', () => {
    const subject = { ...head, role: 'subject' as const };
    expect(duplicateNikCheck([subject], undefined, [], []).reason).toBe('not_applicable');
  });
});

describe('duplicate KK', () => {
  const kk: KkFacts = { path: 'household.kkNumber', index: indexOf('kk'), number: undefined, forgotten: false };

  it('fails a KK number active in another household or pending elsewhere', () => {
    expect(duplicateKkCheck(kk, undefined, [{ householdId: other, regionCode: '52.02.01.1001' }], []).reason).toBe(
      'active_in_other_household',
    );
    expect(duplicateKkCheck(kk, undefined, [], [{ proposalId: other, regionCode: '52.02.01.1001' }]).reason).toBe(
      'in_other_pending_proposal',
    );
  });

  it('passes the KK of the household the proposal updates, and without a KK number', () => {
    expect(duplicateKkCheck(kk, household, [{ householdId: household, regionCode: 'x' }], []).result).toBe('pass');
    expect(
      duplicateKkCheck(kk, household, [], [{ proposalId: other, regionCode: 'x', householdId: household }]).result,
    ).toBe('pass');
    expect(duplicateKkCheck(undefined, undefined, [], []).reason).toBe('not_applicable');
  });
});
