import type { HouseholdRecord, MemberRecord, Sealed } from '@siks/contracts';

/** Hand-made sealed-looking records for the pure tests (nothing is really encrypted). */
export const sealed = (tag: string): Sealed => ({ $sealed: 1, sub: `person:${tag}`, iv: tag, ct: tag, tag });
export const idx = (n: number): string => n.toString(16).padStart(64, '0');

export function memberRecord(n: number, overrides: Partial<MemberRecord> = {}): MemberRecord {
  return {
    nikIndex: idx(n),
    personal: sealed(`m${n}`),
    relationship: n === 1 ? 'kepala_keluarga' : 'anak',
    sex: 'male',
    maritalStatus: 'kawin',
    education: 'sd',
    occupation: 'petani',
    disability: 'tidak_ada',
    ...overrides,
  };
}

export function householdRecord(members: number[], overrides: Partial<HouseholdRecord> = {}): HouseholdRecord {
  return {
    regionCode: '52.02.01.2001',
    kkIndex: idx(900),
    programmes: ['PKH'],
    members: members.map((n) => memberRecord(n)),
    personal: sealed('household'),
    ...overrides,
  };
}

export const HOUSEHOLD = '0190a1b2-0000-7000-8000-000000000001';
export const PROPOSAL = '0190a1b2-0000-7000-8000-0000000000aa';
