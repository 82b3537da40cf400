import { districtCodeFromDigits } from './codes.ts';
import { formatDate, parseDate, resolveTwoDigitYear, todayUtc } from './dates.ts';
import { issue, type IdentityIssue, type Language } from './messages.ts';
import type { Regions } from './region-types.ts';

export type Sex = 'male' | 'female';

export interface NikOptions {
  /** Declared sex; a NIK encoding the other one is an error. */
  sex?: Sex;
  /** Declared birth date `YYYY-MM-DD`; a NIK encoding another day is an error. */
  birthDate?: string;
  /** When given, a district prefix missing from the list is a warning (never an error). */
  regions?: Pick<Regions, 'district'>;
  /** `YYYY-MM-DD`, for the century of the two-digit year; defaults to today (UTC). */
  today?: string;
  /** Language of the messages; Bahasa Indonesia by default. */
  lang?: Language;
}

export interface ParsedNik {
  /** District of first registration, `PP.KK.CC` (not the current address). */
  districtCode: string;
  /** `YYYY-MM-DD`: the declared date when it agrees, else 20YY or 19YY, whichever is not in the future. */
  birthDate?: string;
  /** From the day digits (women: day + 40); undefined when the day is out of both ranges. */
  sex?: Sex;
  serial: string;
}

export interface IdentityResult<Parsed> {
  ok: boolean;
  errors: IdentityIssue[];
  warnings: IdentityIssue[];
  /** Present when the number has 16 digits. */
  parsed?: Parsed;
}

/** Checks a NIK (DOMAIN.md "Identity rules"). Never throws for a bad NIK; never echoes it. */
export function validateNik(nik: string, options: NikOptions = {}): IdentityResult<ParsedNik> {
  const lang = options.lang ?? 'id';
  const errors: IdentityIssue[] = [];
  const warnings: IdentityIssue[] = [];
  if (!/^\d*$/.test(nik)) errors.push(issue('nik.characters', lang));
  if (nik.length !== 16) errors.push(issue('nik.length', lang));
  if (errors.length > 0) return { ok: false, errors, warnings };

  const districtCode = districtCodeFromDigits(nik);
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12, 16);
  const sex: Sex | undefined =
    rawDay >= 1 && rawDay <= 31 ? 'male' : rawDay >= 41 && rawDay <= 71 ? 'female' : undefined;
  const day = sex === 'female' ? rawDay - 40 : rawDay;
  const resolved = sex ? resolveTwoDigitYear(day, month, yy, options.today ?? todayUtc()) : undefined;
  let birthDate = resolved ? formatDate(resolved) : undefined;
  if (!resolved) errors.push(issue('nik.date', lang));
  if (serial === '0000') errors.push(issue('nik.serial', lang));

  if (options.sex !== undefined && sex !== undefined && options.sex !== sex)
    errors.push(issue('nik.sex_mismatch', lang));
  if (options.birthDate !== undefined && resolved) {
    const declared = parseDate(options.birthDate);
    if (!declared) throw new TypeError('validateNik: options.birthDate must be a real YYYY-MM-DD date');
    if (declared.day === day && declared.month === month && declared.year % 100 === yy) birthDate = options.birthDate;
    else errors.push(issue('nik.birthdate_mismatch', lang));
  }
  if (options.regions && !options.regions.district(districtCode)) warnings.push(issue('nik.unknown_district', lang));

  const parsed: ParsedNik = { districtCode, serial };
  if (birthDate !== undefined) parsed.birthDate = birthDate;
  if (sex !== undefined) parsed.sex = sex;
  return { ok: errors.length === 0, errors, warnings, parsed };
}
