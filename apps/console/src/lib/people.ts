/** Pure helpers for showing people (no personal data leaves the page). */

/** Whole years from a `YYYY-MM-DD` birth date to `today`; undefined for a missing or bad date. */
export function ageOn(birthDate: string | undefined, today: Date): number | undefined {
  const match = birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  const beforeBirthday = today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 && age < 150 ? age : undefined;
}

/** A NIK or KK number as lists show it: `5202••••••••0001` (anything else fully hidden). */
export function maskIdentity(value: string): string {
  return /^\d{16}$/.test(value) ? `${value.slice(0, 4)}${'•'.repeat(8)}${value.slice(12)}` : '••••';
}
