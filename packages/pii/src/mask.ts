/**
 * Masks a NIK (or KK number) for lists: the district's first four digits and the last four
 * stay, the rest become bullets: '5202011204870001' → '5202••••••••0001'. Anything that is
 * not 16 characters is masked entirely, so a malformed number never leaks.
 */
export function maskNik(nik: string): string {
  if (nik.length !== 16) return '•'.repeat(Math.max(nik.length, 16));
  return `${nik.slice(0, 4)}${'•'.repeat(8)}${nik.slice(12)}`;
}
