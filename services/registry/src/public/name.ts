/**
 * The name as compared by the public status check: citizens type the name on their KTP in any
 * case, with or without titles and punctuation, so only letters and single spaces are kept.
 * Removed: degrees after a comma (`Ahmad Fauzi, S.Pd.`), honorifics and religious or
 * academic titles in front (`H.`, `Hj.`, `Dr.`, `Bapak`, `Ibu`, …), marks on letters.
 */
const PREFIX_TITLES = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'bapak',
  'bpk',
  'pak',
  'ibu',
  'bu',
  'sdr',
  'sdri',
  'tn',
  'ny',
  'nn',
]);

/** Degrees written without a comma at the end (`Siti Aminah S.Pd`). */
const SUFFIX_DEGREE = /^(s|m|a|d)\.?[a-z]{1,4}(\.[a-z]{1,3})*\.?$/;

export function normaliseKtpName(name: string): string {
  const beforeComma = name.split(',')[0] ?? '';
  const plain = beforeComma.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const tokens = plain.split(/\s+/).filter((token) => token.length > 0);
  while (tokens.length > 1 && PREFIX_TITLES.has((tokens[0] ?? '').replace(/\.+$/, ''))) tokens.shift();
  while (tokens.length > 1 && (tokens.at(-1) ?? '').includes('.') && SUFFIX_DEGREE.test(tokens.at(-1) ?? ''))
    tokens.pop();
  return tokens
    .map((token) => token.replace(/[^a-z]/g, ''))
    .filter((token) => token.length > 0)
    .join(' ');
}
