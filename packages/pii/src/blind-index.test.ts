import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeBlindIndex, normaliseForIndex } from './blind-index.ts';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

describe('blind index', () => {
  it('is HMAC-SHA256 of purpose, a zero byte and the normalised value', () => {
    const expected = createHmac('sha256', key).update('nik\u00005202011204870001').digest('hex');
    expect(computeBlindIndex(key, 'nik', '5202011204870001')).toBe(expected);
  });

  it('matches the same NIK however it was typed', () => {
    const plain = computeBlindIndex(key, 'nik', '5202011204870001');
    expect(computeBlindIndex(key, 'nik', ' 5202 0112-0487.0001\n')).toBe(plain);
    expect(computeBlindIndex(key, 'nik', '5202011204870002')).not.toBe(plain);
  });

  it('separates purposes and keys', () => {
    const nik = computeBlindIndex(key, 'nik', '5202011204870001');
    expect(computeBlindIndex(key, 'kk', '5202011204870001')).not.toBe(nik);
    expect(computeBlindIndex(otherKey, 'nik', '5202011204870001')).not.toBe(nik);
  });

  it('folds names for other purposes', () => {
    expect(normaliseForIndex('name', '  Baiq   NURUL  ')).toBe('baiq nurul');
    expect(computeBlindIndex(key, 'name', 'Baiq Nurul')).toBe(computeBlindIndex(key, 'name', ' baiq  nurul'));
  });

  it('rejects malformed purposes', () => {
    expect(() => computeBlindIndex(key, 'NIK', '1')).toThrow(TypeError);
    expect(() => computeBlindIndex(key, '', '1')).toThrow(TypeError);
  });
});
