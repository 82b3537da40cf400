import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters; stored with each hash so they can be raised without breaking old ones. */
export interface ScryptParams {
  /** log2 of N (CPU/memory cost). */
  logN: number;
  r: number;
  p: number;
}

/**
 * N = 2^17, r = 8, p = 1: OWASP's password storage guidance for scrypt; 128 MiB and about a
 * tenth of a second per hash. Hashes made with other parameters are re-made at these on the
 * next successful login (`needsRehash`).
 */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; node's default ceiling (32 MiB) is just too small for 2^15.
    maxmem: 256 * 2 ** params.logN * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$<logN>$<r>$<p>$<salt>$<hash>` (base64), with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Whether `password` matches `stored` (constant-time comparison); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const params: ScryptParams = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < 1 || params.logN > 22 || params.r < 1 || params.p < 1) return false;
  const expected = Buffer.from(match[5] ?? '', 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, Buffer.from(match[4] ?? '', 'base64'), params);
  return timingSafeEqual(actual, expected);
}

/** The parameters a stored hash was made with (undefined when malformed). */
export function hashParams(stored: string): ScryptParams | undefined {
  const match = FORMAT.exec(stored);
  return match ? { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) } : undefined;
}

/** Whether a stored hash was made with other parameters than `params` (or is malformed). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const current = hashParams(stored);
  return !current || current.logN !== params.logN || current.r !== params.r || current.p !== params.p;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters without look-alikes (about 5.8 bits each: 16 → 93 bits). */
export function generatePassword(length = 16, random: (size: number) => Buffer = randomBytes): string {
  let result = '';
  while (result.length < length) {
    for (const byte of random(length * 2)) {
      // Reject the top of the byte range so every character is equally likely.
      if (byte < 256 - (256 % ALPHABET.length) && result.length < length) result += ALPHABET[byte % ALPHABET.length];
    }
  }
  return result;
}

/** Minimum length of a password set by a person (generated ones are longer). */
export const MIN_PASSWORD_LENGTH = 10;
