import { describe, expect, it } from 'vitest';
import { generatePassword, hashParams, hashPassword, verifyPassword } from './password.ts';

const FAST = { logN: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('kata sandi rahasia', FAST);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('kata sandi rahasia', stored)).toBe(true);
    expect(await verifyPassword('kata sandi rahasiA', stored)).toBe(false);
  });

  it('salts every hash and keeps its parameters', async () => {
    const [a, b] = await Promise.all([hashPassword('sama', FAST), hashPassword('sama', { logN: 11, r: 8, p: 1 })]);
    expect(a).not.toBe(b);
    expect(hashParams(b)).toEqual({ logN: 11, r: 8, p: 1 });
    expect(await verifyPassword('sama', b)).toBe(true);
  });

  it('uses the default cost parameters when none are given', async () => {
    expect(hashParams(await hashPassword('x'))).toEqual({ logN: 17, r: 8, p: 1 });
  });

  it('refuses malformed or tampered hashes', async () => {
    const stored = await hashPassword('pw', FAST);
    expect(await verifyPassword('pw', 'plain')).toBe(false);
    expect(await verifyPassword('pw', stored.replace('$10$', '$40$'))).toBe(false);
    expect(await verifyPassword('pw', `${stored.slice(0, -4)}AAA=`)).toBe(false);
  });

  it('generates passwords of the asked length from the unambiguous alphabet', () => {
    const password = generatePassword(20);
    expect(password).toHaveLength(20);
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    expect(generatePassword(12, (size) => Buffer.alloc(size, 0))).toBe('aaaaaaaaaaaa');
  });
});
