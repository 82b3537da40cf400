import { createRegions, type Regions } from '@siks/wilayah';
import type { Actor, HouseholdData, Member, ProposalContent } from '@siks/contracts';
import { wilayahIdentity } from './identity.ts';
import type { ValidationDeps } from './validate.ts';

/** Test support (not a test): a tiny region list, NIK maker and a valid household. */

export const TODAY = '2025-06-10';

export const testRegions: Regions = createRegions({
  provinces: [{ code: '52', name: 'NUSA TENGGARA BARAT' }],
  regencies: [{ code: '52.02', name: 'LOMBOK TENGAH' }],
  districts: [{ code: '52.02.01', name: 'PRAYA' }],
  villages: [
    { code: '52.02.01.1001', name: 'PRAYA' },
    { code: '52.02.01.2012', name: 'MONTONG TEREP' },
  ],
});

export const testDeps: ValidationDeps = {
  regionExists: (code) => testRegions.village(code) !== undefined,
  identity: wilayahIdentity({ regions: testRegions, today: TODAY }),
  today: TODAY,
};

/** A NIK registered in Praya (52.02.01) for a birth date and sex. */
export function makeNik(birthDate: string, sex: 'male' | 'female', serial = '0001', district = '520201'): string {
  const [year = '', month = '', day = ''] = birthDate.split('-');
  const dd = String(Number(day) + (sex === 'female' ? 40 : 0)).padStart(2, '0');
  return `${district}${dd}${month}${year.slice(2)}${serial}`;
}

export function member(overrides: Partial<Member> = {}): Member {
  const sex = overrides.sex ?? 'male';
  const birthDate = overrides.birthDate ?? '1980-03-12';
  return {
    nik: makeNik(birthDate, sex),
    name: 'Lalu Ahmad',
    relationship: 'kepala_keluarga',
    sex,
    birthDate,
    birthPlace: 'Praya',
    maritalStatus: 'kawin',
    education: 'sd',
    occupation: 'petani',
    disability: 'tidak_ada',
    motherName: 'Baiq Aminah',
    ...overrides,
  };
}

export function household(overrides: Partial<HouseholdData> = {}): HouseholdData {
  return {
    regionCode: '52.02.01.2012',
    address: { street: 'Jl. Gajah Mada 7', rt: '003', rw: '001', dusun: 'Montong' },
    kkNumber: '5202011503100002',
    housing: {
      floorAreaPerPersonM2: 6,
      floorType: 'tanah',
      wallType: 'bambu',
      roofType: 'seng',
      ownership: 'milik_sendiri',
      drinkingWater: 'sumur_tidak_terlindung',
      lighting: 'listrik_non_pln',
      cookingFuel: 'kayu_bakar',
      toilet: 'bersama',
      mealsPerDay: 2,
      eatsProteinWeekly: false,
      buysClothingYearly: false,
      canPayTreatment: false,
      hasAssetsOver500k: false,
      incomeBand: 'under_600k',
    },
    members: [
      member(),
      member({
        nik: makeNik('1984-07-25', 'female', '0002'),
        name: 'Baiq Siti',
        relationship: 'istri_suami',
        sex: 'female',
        birthDate: '1984-07-25',
        occupation: 'mengurus_rumah_tangga',
        motherName: 'Inaq Rahmah',
      }),
      member({
        nik: makeNik('2010-01-05', 'male', '0003'),
        name: 'Lalu Fajar',
        relationship: 'anak',
        birthDate: '2010-01-05',
        maritalStatus: 'belum_kawin',
        occupation: 'pelajar_mahasiswa',
      }),
    ],
    programmes: ['PKH', 'BPNT'],
    ...overrides,
  };
}

export function newHousehold(overrides: Partial<HouseholdData> = {}): ProposalContent {
  return { type: 'new_household', household: household(overrides) };
}

export const operator: Actor = { userId: 'op-1', role: 'operator_desa', regionCode: '52.02.01.2012' };
export const verifier: Actor = { userId: 'ver-1', role: 'verifikator_kabkota', regionCode: '52.02' };
