import { describe, expect, it } from 'vitest';
import { codeKey, codeOfKey, levelOfLength, parentOfCode } from './region-keys.ts';

describe('region keys', () => {
  it('reads the digits of a code at every level', () => {
    expect(codeKey('52')).toBe(52);
    expect(codeKey('52.02')).toBe(5202);
    expect(codeKey('52.02.01')).toBe(520201);
    expect(codeKey('52.02.01.1001')).toBe(5202011001);
    expect(codeKey('96.71.01.1007')).toBe(9671011007);
    expect(codeKey('01.00.00.0000')).toBe(100000000);
  });

  it('rejects anything that is not a region code', () => {
    for (const code of [
      '',
      '5',
      '520',
      '52.',
      '52-02',
      '5a',
      '52.02.1',
      '52.02.01.100',
      '52.02.01.10011',
      ' 52',
      '52 ',
      '52.02.01.1001\n',
      '５２',
      '52..02',
      '5202.01',
    ])
      expect(codeKey(code), code).toBe(-1);
  });

  it('knows the level by length', () => {
    expect([2, 5, 8, 13, 0, 3, 10].map(levelOfLength)).toEqual([
      'province',
      'regency',
      'district',
      'village',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('writes a key back as its code, leading zeros included', () => {
    for (const code of ['52', '09', '52.02', '52.02.01', '52.02.01.1001', '01.01.01.0001', '96.71.01.1007'])
      expect(codeOfKey(codeKey(code), levelOfLength(code.length) ?? 'province')).toBe(code);
  });

  it('cuts the last segment for the parent code', () => {
    expect(parentOfCode('52.02.01.1001')).toBe('52.02.01');
    expect(parentOfCode('52.02.01')).toBe('52.02');
    expect(parentOfCode('52.02')).toBe('52');
    expect(parentOfCode('52')).toBe('');
  });
});
