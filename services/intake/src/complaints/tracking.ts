import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const READ_AS: Record<string, string> = { I: '1', L: '1', O: '0' };

/**
 * A new tracking code: 80 random bits as 16 base32 characters in four groups
 * (`7KQ2-M9XD-4T0B-HW3R`). Whoever holds it may read the complaint's stage and answer, so it
 * is as hard to guess as a session token; it is shown once and only its hash is stored.
 */
export function newTrackingCode(random: (bytes: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The code as typed (any case, with or without dashes, I/L/O for 1/1/0), as issued. */
export function normaliseTrackingCode(typed: string): string {
  const plain = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[ILO]/g, (letter) => READ_AS[letter] ?? letter);
  return plain.match(/.{1,4}/g)?.join('-') ?? '';
}

/** What is stored and looked up: SHA-256 of the normalised code (80 random bits need no key). */
export const trackingIndex = (code: string): string =>
  createHash('sha256')
    .update(`complaint-tracking\u0000${normaliseTrackingCode(code)}`)
    .digest('hex');
