/** The four levels of Indonesian region codes (Kemendagri): `PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD`. */
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

const LEVEL_PATTERNS: readonly [RegionLevel, RegExp][] = [
  ['province', /^\d{2}$/],
  ['regency', /^\d{2}\.\d{2}$/],
  ['district', /^\d{2}\.\d{2}\.\d{2}$/],
  ['village', /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/],
];

/** The level a code's shape denotes, or undefined for anything that is not a region code. */
export function regionLevel(code: string): RegionLevel | undefined {
  for (const [level, pattern] of LEVEL_PATTERNS) if (pattern.test(code)) return level;
  return undefined;
}

/** The code one level up ('52.02.01.1001' → '52.02.01'; a province → ''), undefined when malformed. */
export function parentCode(code: string): string | undefined {
  if (regionLevel(code) === undefined) return undefined;
  const cut = code.lastIndexOf('.');
  return cut < 0 ? '' : code.slice(0, cut);
}

/**
 * Whether `code` lies inside the region `scopeCode` (segment-prefix semantics on the dotted
 * code): '' is national scope and contains everything; a code is within itself.
 */
export function isWithin(code: string, scopeCode: string): boolean {
  if (scopeCode === '') return true;
  return code === scopeCode || code.startsWith(`${scopeCode}.`);
}

/** '520201' → '52.02.01' (the first six digits of a NIK or KK number). */
export function districtCodeFromDigits(sixDigits: string): string {
  return `${sixDigits.slice(0, 2)}.${sixDigits.slice(2, 4)}.${sixDigits.slice(4, 6)}`;
}
