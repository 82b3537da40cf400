import { districtCodeFromDigits } from './codes.ts';
import { formatDate, resolveTwoDigitYear, todayUtc } from './dates.ts';
import { issue, type IdentityIssue, type Language } from './messages.ts';
import type { IdentityResult } from './nik.ts';
import type { Regions } from './region-types.ts';

export interface KkOptions {
  regions?: Pick<Regions, 'district'>;
  /** `YYYY-MM-DD`, for the century of the two-digit year; defaults to today (UTC). */
  today?: string;
  lang?: Language;
}

export interface ParsedKk {
  /** District where the card was issued, `PP.KK.CC`. */
  districtCode: string;
  /** `YYYY-MM-DD`; 20YY or 19YY, whichever is not in the future. */
  issueDate?: string;
  serial: string;
}

/** Checks a family card (KK) number: district (6) + issue date DDMMYY + serial (4, not 0000). */
export function validateKk(kk: string, options: KkOptions = {}): IdentityResult<ParsedKk> {
  const lang = options.lang ?? 'id';
  const errors: IdentityIssue[] = [];
  const warnings: IdentityIssue[] = [];
  if (!/^\d*$/.test(kk)) errors.push(issue('kk.characters', lang));
  if (kk.length !== 16) errors.push(issue('kk.length', lang));
  if (errors.length > 0) return { ok: false, errors, warnings };

  const districtCode = districtCodeFromDigits(kk);
  const resolved = resolveTwoDigitYear(
    Number(kk.slice(6, 8)),
    Number(kk.slice(8, 10)),
    Number(kk.slice(10, 12)),
    options.today ?? todayUtc(),
  );
  const serial = kk.slice(12, 16);
  if (!resolved) errors.push(issue('kk.date', lang));
  if (serial === '0000') errors.push(issue('kk.serial', lang));
  if (options.regions && !options.regions.district(districtCode)) warnings.push(issue('kk.unknown_district', lang));

  const parsed: ParsedKk = { districtCode, serial };
  if (resolved) parsed.issueDate = formatDate(resolved);
  return { ok: errors.length === 0, errors, warnings, parsed };
}
