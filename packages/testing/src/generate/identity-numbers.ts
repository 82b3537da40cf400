import type { Random } from './random.ts';
import type { Sex } from './types.ts';

/** `DDMMYY` of an ISO date, with day + 40 for women (the NIK rule). */
function dateDigits(isoDate: string, femaleOffset: boolean): string {
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  const dd = Number(day) + (femaleOffset ? 40 : 0);
  return `${String(dd).padStart(2, '0')}${month}${year.slice(2)}`;
}

/**
 * Hands out 4-digit serials per 12-digit prefix (district + date) so no two generated
 * numbers collide within one run; the first serial of a prefix is random, never 0000.
 */
export class SerialAllocator {
  readonly #next = new Map<string, number>();

  take(prefix: string, random: Random): string {
    const serial = this.#next.get(prefix) ?? random.int(1, 8999);
    this.#next.set(prefix, serial >= 9999 ? 1 : serial + 1);
    return String(serial).padStart(4, '0');
  }
}

/** NIK: district of first registration (6) + birth date DDMMYY (women: day + 40) + serial (4). */
export function buildNik(
  districtCode: string,
  birthDate: string,
  sex: Sex,
  serials: SerialAllocator,
  random: Random,
): string {
  const prefix = `${districtCode.replaceAll('.', '')}${dateDigits(birthDate, sex === 'female')}`;
  return `${prefix}${serials.take(prefix, random)}`;
}

/** KK number: district (6) + issue date DDMMYY + serial (4). */
export function buildKk(districtCode: string, issueDate: string, serials: SerialAllocator, random: Random): string {
  const prefix = `${districtCode.replaceAll('.', '')}${dateDigits(issueDate, false)}`;
  return `${prefix}${serials.take(`kk:${prefix}`, random)}`;
}
