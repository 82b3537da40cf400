import type { HouseholdData } from '@siks/contracts';
import { household, makeNik, member } from '../src/proposals/test-fixtures.ts';

const DAY = 86_400_000;
const dayAfter = (start: string, days: number): string =>
  new Date(Date.parse(`${start}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * The n-th benchmark household (n < 80,000): three members whose NIKs are unique across all n
 * (distinct birth dates and serials), in `village`. Fresh NIKs mean fresh PII subjects, as new
 * households would bring.
 */
export function benchHousehold(n: number, village: string): HouseholdData {
  const head = dayAfter('1950-01-01', n % 16_000);
  const spouse = dayAfter('1955-01-01', n % 16_000);
  const child = dayAfter('2005-01-01', n % 6_000);
  const serial = (base: number, span: number) => String(base + Math.floor(n / span)).padStart(4, '0');
  return household({
    regionCode: village,
    members: [
      member({ nik: makeNik(head, 'male', serial(1, 16_000)), birthDate: head }),
      member({
        nik: makeNik(spouse, 'female', serial(1, 16_000)),
        name: 'Baiq Siti',
        relationship: 'istri_suami',
        sex: 'female',
        birthDate: spouse,
        occupation: 'mengurus_rumah_tangga',
      }),
      member({
        nik: makeNik(child, 'male', serial(5001, 6_000)),
        name: 'Lalu Fajar',
        relationship: 'anak',
        birthDate: child,
        maritalStatus: 'belum_kawin',
        occupation: 'pelajar_mahasiswa',
      }),
    ],
  });
}
