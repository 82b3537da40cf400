import { describe, expect, it } from 'vitest';
import { household, makeNik, member, newHousehold, testDeps } from './test-fixtures.ts';
import { validateProposalInput, type ValidationOutcome } from './validate.ts';

function errorsOf(outcome: ValidationOutcome) {
  return outcome.ok ? [] : outcome.errors.map(({ path, code }) => ({ path, code }));
}

describe('validateProposalInput', () => {
  it('accepts a valid new household', () => {
    const outcome = validateProposalInput(newHousehold(), testDeps);
    expect(outcome).toMatchObject({ ok: true, warnings: [] });
  });

  it('refuses two heads of household, naming the second', () => {
    const data = household();
    data.members[1] = { ...data.members[1]!, relationship: 'kepala_keluarga' };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.1.relationship', code: 'household.head_multiple' }]);
  });

  it('refuses a household without a head', () => {
    const data = household();
    data.members[0] = { ...data.members[0]!, relationship: 'anak' };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members', code: 'household.head_missing' }]);
  });

  it('refuses the same NIK twice in a household', () => {
    const data = household();
    const third = data.members[2]!;
    data.members[2] = { ...third, nik: data.members[0]!.nik, birthDate: data.members[0]!.birthDate };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.2.nik', code: 'household.nik_duplicate' }]);
  });

  it('refuses a 15-digit NIK', () => {
    const data = household();
    data.members[0] = { ...data.members[0]!, nik: data.members[0]!.nik.slice(0, 15) };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.0.nik', code: 'nik.length' }]);
  });

  it('refuses a NIK with letters', () => {
    const data = household();
    data.members[1] = { ...data.members[1]!, nik: '52020165078400AB' };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.1.nik', code: 'nik.characters' }]);
  });

  it('refuses a NIK whose date does not match the birth date', () => {
    const data = household();
    data.members[0] = { ...data.members[0]!, birthDate: '1980-03-13' };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.0.nik', code: 'nik.birthdate_mismatch' }]);
  });

  it('refuses a NIK that encodes the other sex', () => {
    const data = household();
    data.members[0] = { ...data.members[0]!, sex: 'female' };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([{ path: 'household.members.0.nik', code: 'nik.sex_mismatch' }]);
  });

  it('refuses a village code that does not exist, and one that is malformed', () => {
    expect(errorsOf(validateProposalInput(newHousehold({ regionCode: '52.02.01.2999' }), testDeps))).toEqual([
      { path: 'household.regionCode', code: 'region.village_unknown' },
    ]);
    expect(errorsOf(validateProposalInput(newHousehold({ regionCode: '52.02.01' }), testDeps))).toEqual([
      { path: 'household.regionCode', code: 'region.village_format' },
    ]);
  });

  it('warns, without refusing, when a NIK district is not in today’s list', () => {
    const data = household();
    const head = data.members[0]!;
    data.members[0] = { ...head, nik: makeNik(head.birthDate, 'male', '0001', '529901') };
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings).toEqual([{ path: 'household.members.0.nik', code: 'nik.unknown_district' }]);
  });

  it('refuses a birth date in the future and a bad KK number', () => {
    const data = household({ kkNumber: '5202013213100002' });
    data.members[2] = member({
      nik: makeNik('2030-01-05', 'male', '0009'),
      relationship: 'anak',
      birthDate: '2030-01-05',
    });
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual([
      { path: 'household.kkNumber', code: 'kk.date' },
      { path: 'household.members.2.birthDate', code: 'date.future' },
    ]);
  });

  it('reports unknown fields and missing fields from the contract with their paths', () => {
    const data: Record<string, unknown> = { ...household(), colour: 'blue' };
    delete data['address'];
    const outcome = validateProposalInput({ type: 'new_household', household: data }, testDeps);
    expect(errorsOf(outcome)).toEqual(
      expect.arrayContaining([
        { path: 'household.colour', code: 'unrecognized_keys' },
        { path: 'household.address', code: 'required' },
      ]),
    );
  });

  it('prefixes paths (a field-batch record)', () => {
    const outcome = validateProposalInput(newHousehold({ regionCode: '52.02.01.2999' }), testDeps, [
      'records',
      3,
      'proposal',
    ]);
    expect(errorsOf(outcome)).toEqual([
      { path: 'records.3.proposal.household.regionCode', code: 'region.village_unknown' },
    ]);
  });

  it('checks the other proposal types', () => {
    const nik = makeNik('1990-02-02', 'female', '0005');
    expect(
      validateProposalInput(
        {
          type: 'remove_member',
          householdId: '0190a3c4-1111-7aaa-8bbb-000000000001',
          regionCode: '52.02.01.2012',
          members: [
            { nik, name: 'Baiq Sari', reason: 'menikah' },
            { nik, name: 'Baiq Sari', reason: 'menikah' },
          ],
        },
        testDeps,
      ),
    ).toMatchObject({ ok: false, errors: [{ path: 'members.1.nik', code: 'household.nik_duplicate' }] });
    expect(
      validateProposalInput(
        {
          type: 'deactivate',
          regionCode: '52.02.01.2012',
          reason: 'meninggal',
          effectiveDate: '2025-07-01',
          person: { nik, name: 'Baiq Sari' },
        },
        testDeps,
      ),
    ).toMatchObject({ ok: false, errors: [{ path: 'effectiveDate', code: 'date.future' }] });
    expect(
      errorsOf(validateProposalInput({ type: 'deactivate', regionCode: '52.02.01.2012', reason: 'mampu' }, testDeps)),
    ).toEqual([{ path: 'householdId', code: 'deactivate.target_required' }]);
    expect(
      errorsOf(
        validateProposalInput(
          {
            type: 'update',
            regionCode: '52.02.01.2012',
            nikCorrections: [{ oldNik: nik, newNik: nik, name: 'Baiq Sari' }],
          },
          testDeps,
        ),
      ),
    ).toEqual([{ path: 'nikCorrections.0.newNik', code: 'update.nik_unchanged' }]);
    expect(errorsOf(validateProposalInput({ type: 'transfer', regionCode: '52.02.01.2012' }, testDeps))).toEqual([
      { path: 'type', code: 'invalid_discriminator' },
    ]);
  });
});
