/**
 * A name as compared with the population reference: accents dropped, case folded, punctuation
 * and repeated spaces removed, words sorted (a KK writes "SITI AMINAH", a form "Aminah, Siti").
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0)
    .sort()
    .join(' ');
}

export function sameName(a: string, b: string): boolean {
  return comparableName(a) === comparableName(b);
}
