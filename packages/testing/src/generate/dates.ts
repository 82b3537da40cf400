import type { Random } from './random.ts';

const DAY_MS = 86_400_000;

const toMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const fromMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return fromMs(toMs(iso) + days * DAY_MS);
}

export function addYears(iso: string, years: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // 29 February moves to 1 March in a common year, as Date.UTC does.
  return fromMs(Date.UTC(year + years, month - 1, day));
}

/** A date in [from, to], both inclusive; `from` when the range is empty. */
export function dateBetween(random: Random, from: string, to: string): string {
  const span = Math.floor((toMs(to) - toMs(from)) / DAY_MS);
  return span <= 0 ? from : addDays(from, random.int(0, span));
}

/** Whole years of age on `today`. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);
