import type { RegionLevel } from './codes.ts';

/**
 * Region codes as numbers, for the compact index: the code's digits read as one integer
 * ('52.02.01.1001' → 5202011001). A level's keys sort as its codes do, and the children of a
 * region are the next level's keys in `[key × span, (key + 1) × span)`. Every key is below
 * 10^10, exact in a double.
 */

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** The level of a well-formed code of this length (`PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD`). */
export function levelOfLength(length: number): RegionLevel | undefined {
  switch (length) {
    case 2:
      return 'province';
    case 5:
      return 'regency';
    case 8:
      return 'district';
    case 13:
      return 'village';
    default:
      return undefined;
  }
}

/** The code's digits as a number; -1 when `code` is not a well-formed region code of any level. */
export function codeKey(code: string): number {
  if (levelOfLength(code.length) === undefined) return -1;
  let key = 0;
  for (let at = 0; at < code.length; at += 1) {
    const char = code.charCodeAt(at);
    if (at === 2 || at === 5 || at === 8) {
      if (char !== DOT) return -1;
    } else if (char >= ZERO && char <= NINE) key = key * 10 + (char - ZERO);
    else return -1;
  }
  return key;
}

/** `codeKey` of the code in `bytes[start, end)` (ASCII), without making a string of it. */
export function codeKeyOfBytes(bytes: Uint8Array, start: number, end: number): number {
  if (levelOfLength(end - start) === undefined) return -1;
  let key = 0;
  for (let at = start; at < end; at += 1) {
    const char = bytes[at] as number;
    const offset = at - start;
    if (offset === 2 || offset === 5 || offset === 8) {
      if (char !== DOT) return -1;
    } else if (char >= ZERO && char <= NINE) key = key * 10 + (char - ZERO);
    else return -1;
  }
  return key;
}

/** How many keys of `level` one key of the level above spans (the width of its own segment). */
export const SPAN: Readonly<Record<RegionLevel, number>> = {
  province: 100,
  regency: 100,
  district: 100,
  village: 10_000,
};

const DIGITS: Readonly<Record<RegionLevel, number>> = { province: 2, regency: 4, district: 6, village: 10 };

/** The dotted code of a key at `level` (inverse of `codeKey`). */
export function codeOfKey(key: number, level: RegionLevel): string {
  const digits = String(key).padStart(DIGITS[level], '0');
  switch (level) {
    case 'province':
      return digits;
    case 'regency':
      return `${digits.slice(0, 2)}.${digits.slice(2)}`;
    case 'district':
      return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}`;
    case 'village':
      return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}`;
    default: {
      const never: never = level;
      throw new Error(`unknown region level ${String(never)}`);
    }
  }
}

/** The code one level up of a well-formed code ('' for a province), by its length. */
export function parentOfCode(code: string): string {
  return code.length === 2 ? '' : code.slice(0, code.length === 13 ? 8 : code.length - 3);
}
