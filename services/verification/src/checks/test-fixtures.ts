import type { PersonFacts } from './facts.ts';

/** Test data only: NIKs built by the rule (district 6 + DDMMYY, women day+40 + serial 4). */
export function nikFor(birthDate: string, sex: 'male' | 'female', serial = 1, district = '520201'): string {
  const [year = '', month = '', day = ''] = birthDate.split('-');
  const dd = Number(day) + (sex === 'female' ? 40 : 0);
  return `${district}${String(dd).padStart(2, '0')}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}

export const indexOf = (label: string): string =>
  label
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'a')
    .slice(0, 64);

export function member(path: string, label: string, overrides: Partial<PersonFacts> = {}): PersonFacts {
  const sex = overrides.sex ?? 'male';
  const birthDate = overrides.birthDate ?? '1980-05-12';
  return {
    path,
    nikIndex: indexOf(label),
    role: 'member',
    nik: nikFor(birthDate, sex),
    name: 'Budi Santoso',
    birthDate,
    sex,
    relationship: 'kepala_keluarga',
    forgotten: false,
    ...overrides,
  };
}
