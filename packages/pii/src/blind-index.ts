import { createHmac } from 'node:crypto';

/**
 * Normalises a value before indexing, so "5202 0112 0487 0001" and "5202011204870001" match.
 * Identity numbers lose whitespace, dots and dashes; other purposes are trimmed, NFKC-folded,
 * lower-cased and have inner whitespace collapsed.
 */
export function normaliseForIndex(purpose: string, value: string): string {
  if (purpose === 'nik' || purpose === 'kk') return value.replace(/[\s.-]/g, '');
  return value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * HMAC-SHA256 (hex) of `purpose ‖ 0x00 ‖ normalised value` under the blind-index key: equal
 * values give equal indexes within a purpose, and a NIK index never equals a KK index.
 */
export function computeBlindIndex(key: Buffer, purpose: string, value: string): string {
  if (!/^[a-z][a-z0-9_.]{0,63}$/.test(purpose)) throw new TypeError('blindIndex: purpose must match [a-z][a-z0-9_.]*');
  return createHmac('sha256', key)
    .update(purpose)
    .update('\u0000')
    .update(normaliseForIndex(purpose, value))
    .digest('hex');
}

/**
 * A short, stable name of a blind-index key (8 hex characters of an HMAC of a fixed label under
 * it): stored with each alias so that rows made under a key no longer configured can be told
 * apart and dropped. It reveals nothing usable about the key and no index value.
 */
export function blindIndexKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('siks.blind-index.key-id').digest('hex').slice(0, 8);
}
