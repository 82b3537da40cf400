import { describe, expect, it } from 'vitest';
import { identityCheck } from './identity.ts';
import { member, nikFor } from './test-fixtures.ts';

const today = '2025-03-16';
const head = member('household.members.0', 'a1');
const wife = member('household.members.1', 'b2', {
  sex: 'female',
  birthDate: '1985-07-03',
  nik: nikFor('1985-07-03', 'female', 2),
  relationship: 'istri_suami',
});

describe('identity check', () => {
  it('passes consistent NIKs with one head of household', () => {
    expect(identityCheck('new_household', [head, wife], undefined, today)).toEqual({
      check: 'identity',
      result: 'pass',
      reason: 'valid',
    });
  });

  it('fails a NIK whose encoded sex or birth date differs from the declared ones, naming the path only', () => {
    const wrongSex = { ...wife, sex: 'male' as const };
    const outcome = identityCheck('new_household', [head, wrongSex], undefined, today);
    expect(outcome).toMatchObject({ result: 'fail', reason: 'invalid' });
    expect(outcome.details?.['findings']).toEqual(['household.members.1:nik.sex_mismatch']);
    const wrongDate = identityCheck('new_household', [head, { ...wife, birthDate: '1985-07-04' }], undefined, today);
    expect(wrongDate.details?.['findings']).toEqual(['household.members.1:nik.birthdate_mismatch']);
    expect(JSON.stringify(outcome)).not.toContain(wife.nik);
  });

  it('fails a malformed KK number, two heads, and the same NIK twice', () => {
    const secondHead = { ...member('household.members.1', 'a1') };
    const outcome = identityCheck(
      'new_household',
      [head, secondHead],
      { path: 'household.kkNumber', index: 'x', number: '5202010000000000', forgotten: false },
      today,
    );
    expect(outcome.details?.['findings']).toEqual([
      'household.kkNumber:kk.date',
      'household.kkNumber:kk.serial',
      'household.members.1:nik.duplicate_in_proposal',
      'household.members:head_count',
    ]);
  });

  it('does not ask for a head when the proposal adds members to an existing household', () => {
    const child = member('members.0', 'c3', { relationship: 'anak' });
    expect(identityCheck('add_member', [child], undefined, today).result).toBe('pass');
  });

  it('checks a subject NIK without declared sex or birth date', () => {
    const subject = { ...member('person', 'd4'), role: 'subject' as const, sex: undefined, nik: '5202011305800000' };
    expect(identityCheck('deactivate', [subject], undefined, today, 'household-1').details?.['findings']).toEqual([
      'person:nik.serial',
    ]);
  });

  it('fails a deactivation whose household was not found in its village', () => {
    const subject = { ...member('person', 'd5'), role: 'subject' as const, sex: undefined };
    expect(identityCheck('deactivate', [subject], undefined, today)).toEqual({
      check: 'identity',
      result: 'fail',
      reason: 'target_not_found',
    });
    expect(identityCheck('deactivate', [subject], undefined, today, 'household-1').reason).not.toBe('target_not_found');
  });

  it('warns when personal data was forgotten, and has nothing to check on a reactivation', () => {
    const forgotten = { ...head, nik: undefined, name: undefined, forgotten: true };
    expect(identityCheck('new_household', [forgotten], undefined, today)).toMatchObject({
      result: 'warn',
      reason: 'personal_data_unavailable',
    });
    expect(identityCheck('reactivate', [], undefined, today).reason).toBe('not_applicable');
  });
});
