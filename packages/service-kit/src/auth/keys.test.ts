import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKeyForEnv, generateSigningKeys } from './keys.ts';
import { parseDuration } from './token.ts';

describe('decodeKey', () => {
  it('accepts PEM, base64 of PEM and base64 of DER alike', async () => {
    const { publicKey } = await generateSigningKeys();
    const der = createPublicKey(publicKey).export({ type: 'spki', format: 'der' }).toString('base64');
    const expected = createPublicKey(publicKey).export({ type: 'spki', format: 'pem' });
    for (const form of [publicKey, encodeKeyForEnv(publicKey), der, publicKey.replace(/\n/g, '\\n')]) {
      expect(createPublicKey(decodeKey(form, 'public')).export({ type: 'spki', format: 'pem' })).toBe(expected);
    }
  });

  it('rejects text that is neither', () => {
    expect(() => decodeKey('not a key!', 'public')).toThrow(/neither PEM nor base64/);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect([
      parseDuration('90'),
      parseDuration('90s'),
      parseDuration('15m'),
      parseDuration('1h'),
      parseDuration('7d'),
    ]).toEqual([90, 90, 900, 3600, 604_800]);
    expect(parseDuration(30)).toBe(30);
  });

  it('rejects anything else', () => {
    expect(() => parseDuration('1 week')).toThrow(/invalid duration/);
    expect(() => parseDuration('0m')).toThrow(/positive/);
    expect(() => parseDuration(-1)).toThrow(/positive/);
  });
});
