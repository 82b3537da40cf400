import { describe, expect, it } from 'vitest';
import { maskChangeValue, maskIdentityNumbers, revisionOfEtag } from './views.ts';

describe('masking identity numbers', () => {
  it('masks NIK and KK numbers at any depth, and a changed value whose path ends at one', () => {
    expect(
      maskIdentityNumbers({ members: [{ nik: '5202011203800001', name: 'Lalu Ahmad' }], kkNumber: '5202011503100002' }),
    ).toEqual({ members: [{ nik: '5202••••••••0001', name: 'Lalu Ahmad' }], kkNumber: '5202••••••••0002' });
    expect(maskChangeValue('household.members.0.nik', '5202011203800001')).toBe('5202••••••••0001');
    expect(maskChangeValue('nikCorrections.0.newNik', '5202011203800009')).toBe('5202••••••••0009');
    expect(maskChangeValue('household.members.0.name', 'Lalu Ahmad')).toBe('Lalu Ahmad');
  });
});

describe('ETags', () => {
  it('reads the revision of strong and weak, quoted and bare ETags, nothing else', () => {
    expect(['"3"', 'W/"3"', '3', ' "3" '].map(revisionOfEtag)).toEqual([3, 3, 3, 3]);
    expect(['"x"', '*', '"-1"', ''].map(revisionOfEtag)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
