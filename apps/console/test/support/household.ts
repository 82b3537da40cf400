import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';

export interface TestMember {
  nik: string;
  name: string;
  relationship: 'kepala_keluarga' | 'istri_suami' | 'anak';
  sex: 'male' | 'female';
  birthDate: string;
  birthPlace: string;
  maritalStatus: string;
  education: string;
  occupation: string;
  disability: string;
  motherName: string;
}

export interface TestHousehold {
  regionCode: string;
  address: { street: string; rt: string; rw: string; dusun: string };
  kkNumber: string;
  members: TestMember[];
  programmes: string[];
  /** Where the house stands (also where the test's photo and the browser's geolocation say). */
  location: { lat: number; lon: number };
}

/** Praya, Lombok Tengah: near every demo village of the regency. */
export const HOUSE_LOCATION = { lat: -8.7056, lon: 116.2706 };

/** A NIK registered in `district` (6 digits) for a birth date and sex; women's day + 40. */
export function makeNik(district: string, birthDate: string, sex: 'male' | 'female', serial: number): string {
  const [year = '', month = '', day = ''] = birthDate.split('-');
  const dd = String(Number(day) + (sex === 'female' ? 40 : 0)).padStart(2, '0');
  return `${district}${dd}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}

/**
 * A valid two-member household of `regionCode` with NIKs and KK number unique to this call
 * (random serials), so no duplicate finding links it to another test's household.
 */
export function testHousehold(regionCode: string, street = `Jl. Uji Peramban ${randomInt(1, 999)}`): TestHousehold {
  const district = regionCode.replace(/\./g, '').slice(0, 6);
  const serial = randomInt(1000, 9000);
  const head: TestMember = {
    nik: makeNik(district, '1980-03-12', 'male', serial),
    name: 'Lalu Ahmad Peramban',
    relationship: 'kepala_keluarga',
    sex: 'male',
    birthDate: '1980-03-12',
    birthPlace: 'Praya',
    maritalStatus: 'kawin',
    education: 'sd',
    occupation: 'petani',
    disability: 'tidak_ada',
    motherName: 'Baiq Aminah',
  };
  const spouse: TestMember = {
    ...head,
    nik: makeNik(district, '1984-07-25', 'female', serial + 1),
    name: 'Baiq Siti Peramban',
    relationship: 'istri_suami',
    sex: 'female',
    birthDate: '1984-07-25',
    occupation: 'mengurus_rumah_tangga',
    motherName: 'Inaq Rahmah',
  };
  return {
    regionCode,
    address: { street, rt: '003', rw: '001', dusun: 'Montong' },
    kkNumber: `${district}150310${String(serial).padStart(4, '0')}`,
    members: [head, spouse],
    programmes: ['PKH'],
    location: HOUSE_LOCATION,
  };
}

/** The household as intake's `HouseholdData` (for API calls). */
export function householdData(household: TestHousehold): Record<string, unknown> {
  return {
    regionCode: household.regionCode,
    address: household.address,
    kkNumber: household.kkNumber,
    location: { ...household.location, accuracyM: 10, capturedAt: new Date().toISOString() },
    members: household.members,
    programmes: household.programmes,
  };
}

/**
 * Fills the console's new-proposal form (`proposal-form`) the way a person does: labels, the
 * add-member button, the GPS button (the context must grant geolocation at the house).
 */
export async function fillProposalForm(page: Page, household: TestHousehold): Promise<void> {
  const form = page.getByTestId('proposal-form');
  await form.getByLabel(/^(Alamat|Address)/).fill(household.address.street);
  await form.getByLabel(/^RT\b/).fill(household.address.rt);
  await form.getByLabel(/^RW\b/).fill(household.address.rw);
  await form.getByLabel(/^(Dusun|Hamlet)/).fill(household.address.dusun);
  await form.getByLabel(/^(Nomor KK|KK number|Family card number)/).fill(household.kkNumber);
  await form.getByRole('button', { name: /lokasi GPS|GPS location|location/i }).click();
  await form.getByText(/±\s*\d+\s*m/).waitFor();
  for (const [index, member] of household.members.entries()) {
    if ((await form.getByTestId('member-row').count()) <= index) await form.getByTestId('add-member').click();
    await fillMember(page, index, member);
  }
  for (const programme of household.programmes) {
    await form.getByRole('checkbox', { name: new RegExp(`^${programme}\\b`) }).check();
  }
}

export async function fillMember(page: Page, index: number, member: TestMember): Promise<void> {
  const row = page.getByTestId('proposal-form').getByTestId('member-row').nth(index);
  await row.getByLabel(/^NIK/).fill(member.nik);
  await row.getByLabel(/^(Nama lengkap|Full name)/).fill(member.name);
  await row.getByLabel(/^(Hubungan|Relationship)/).selectOption(member.relationship);
  await row.getByLabel(/^(Jenis kelamin|Sex)/).selectOption(member.sex);
  await row.getByLabel(/^(Tanggal lahir|Date of birth|Birth date)/).fill(member.birthDate);
  await row.getByLabel(/^(Tempat lahir|Place of birth|Birthplace)/).fill(member.birthPlace);
  await row.getByLabel(/^(Status perkawinan|Marital status)/).selectOption(member.maritalStatus);
  await row.getByLabel(/^(Pendidikan|Education)/).selectOption(member.education);
  await row.getByLabel(/^(Pekerjaan|Occupation)/).selectOption(member.occupation);
  await row.getByLabel(/^(Disabilitas|Disability)/).selectOption(member.disability);
  await row.getByLabel(/^(Nama ibu kandung|Mother)/).fill(member.motherName);
}
