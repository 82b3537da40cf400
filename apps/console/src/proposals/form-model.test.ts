import { describe, expect, it } from 'vitest';
import { amendmentSet } from './amend-diff.ts';
import {
  checkHousehold,
  districtsOf,
  emptyHousehold,
  emptyMember,
  fromHouseholdData,
  toHouseholdData,
  type HouseholdDraft,
} from './form-model.ts';

const today = '2026-11-28';

function validDraft(): HouseholdDraft {
  const draft = emptyHousehold('52.02.01.2001');
  draft.street = 'Jl. Merdeka 1';
  draft.rt = '3';
  draft.rw = '1';
  draft.kkNumber = '5202010101200003';
  draft.members = [
    {
      ...emptyMember('kepala_keluarga'),
      nik: '5202011205800001',
      name: 'Lalu Ahmad',
      sex: 'male',
      birthDate: '1980-05-12',
      birthPlace: 'Praya',
      maritalStatus: 'kawin',
      education: 'sd',
      occupation: 'petani',
    },
    {
      ...emptyMember('istri_suami'),
      nik: '5202014403850002',
      name: 'Baiq Siti',
      sex: 'female',
      birthDate: '1985-03-04',
      birthPlace: 'Praya',
      maritalStatus: 'kawin',
      education: 'smp',
      occupation: 'mengurus_rumah_tangga',
    },
  ];
  draft.programmes = ['PKH'];
  return draft;
}

describe('household form', () => {
  it('accepts a complete household and builds the API body without empty optionals', () => {
    const draft = validDraft();
    const check = checkHousehold(draft, { lang: 'id', today });
    expect(check.errors).toEqual({});
    expect(check.ok).toBe(true);
    const data = toHouseholdData(draft);
    expect(data).not.toHaveProperty('phone');
    expect(data).not.toHaveProperty('housing');
    expect(data['address']).toEqual({ street: 'Jl. Merdeka 1', rt: '3', rw: '1' });
    expect((data['members'] as Record<string, unknown>[])[0]).not.toHaveProperty('motherName');
  });

  it('reports missing fields with the shared catalogue, by path, in the chosen language', () => {
    const draft = emptyHousehold('52.02.01.2001');
    const id = checkHousehold(draft, { lang: 'id', today });
    expect(id.ok).toBe(false);
    expect(id.errors['household.address.street']).toBe('wajib diisi');
    expect(id.errors['household.members.0.nik']).toBe('NIK harus terdiri dari 16 digit.');
    const en = checkHousehold(draft, { lang: 'en', today });
    expect(en.errors['household.members.0.name']).toBe('is required');
  });

  it('checks the NIK against the declared sex and birth date (wilayah rules)', () => {
    const draft = validDraft();
    const head = draft.members[0];
    if (!head) throw new Error('fixture');
    draft.members[0] = { ...head, sex: 'female' };
    expect(checkHousehold(draft, { lang: 'en', today }).errors['household.members.0.sex']).toBe(
      'The sex does not match the NIK.',
    );
    draft.members[0] = { ...head, birthDate: '1980-05-13' };
    expect(checkHousehold(draft, { lang: 'id', today }).errors['household.members.0.birthDate']).toBe(
      'Tanggal lahir tidak sesuai dengan NIK.',
    );
    draft.members[0] = { ...head, nik: '5202011205800000' };
    expect(checkHousehold(draft, { lang: 'en', today }).errors['household.members.0.nik']).toMatch(/serial/);
  });

  it('finds a NIK used twice, a missing or second head, and a bad KK number', () => {
    const draft = validDraft();
    const [head, spouse] = draft.members;
    if (!head || !spouse) throw new Error('fixture');
    draft.members = [head, { ...spouse, nik: head.nik, sex: 'male', birthDate: head.birthDate }];
    expect(checkHousehold(draft, { lang: 'id', today }).errors['household.members.1.nik']).toMatch(/sudah dipakai/);
    draft.members = [{ ...head, relationship: 'anak' }, spouse];
    expect(checkHousehold(draft, { lang: 'en', today }).errors['household.members']).toMatch(/one head/);
    draft.members = [head, { ...spouse, relationship: 'kepala_keluarga' }];
    expect(checkHousehold(draft, { lang: 'en', today }).errors['household.members']).toMatch(/only one head/);
    const kk = validDraft();
    kk.kkNumber = '5202019913200003';
    expect(checkHousehold(kk, { lang: 'en', today }).errors['household.kkNumber']).toMatch(/issue date/);
  });

  it('warns (never errs) for a district prefix missing from the region list', () => {
    const draft = validDraft();
    expect(districtsOf(draft)).toEqual(['52.02.01']);
    const check = checkHousehold(draft, { lang: 'en', today, unknownDistricts: new Set(['52.02.01']) });
    expect(check.ok).toBe(true);
    expect(check.warnings['household.members.0.nik']).toMatch(/district code/);
  });

  it('round-trips the API household for an amendment, and the amendment names only changed paths', () => {
    const before = toHouseholdData(validDraft());
    const draft = fromHouseholdData(before);
    expect(toHouseholdData(draft)).toEqual(before);
    const [head] = draft.members;
    if (!head) throw new Error('fixture');
    draft.members[0] = { ...head, name: 'Lalu Ahmad Fauzi' };
    draft.rt = '4';
    draft.phone = '081234567890';
    expect(amendmentSet(before, toHouseholdData(draft))).toEqual({
      'household.members.0.name': 'Lalu Ahmad Fauzi',
      'household.address.rt': '4',
      'household.phone': '081234567890',
    });
    draft.members = draft.members.slice(0, 1);
    draft.kkNumber = '';
    const set = amendmentSet(before, toHouseholdData(draft));
    expect(set['household.kkNumber']).toBeNull();
    expect(Array.isArray(set['household.members'])).toBe(true);
  });
});
