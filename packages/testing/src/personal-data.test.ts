import { describe, expect, it } from 'vitest';
import { ID_NUMBER } from './personal-data.ts';

describe('ID_NUMBER', () => {
  it('finds a NIK as a JSON value or in prose', () => {
    expect(JSON.stringify({ nik: '5202014101900001' })).toMatch(ID_NUMBER);
    expect('NIK 5202014101900001 tidak valid').toMatch(ID_NUMBER);
  });

  it('ignores digit runs inside hex digests and base64', () => {
    const digest = '0a859b2f1dc3e3e6f103d6e3a44d8456ffcfdc584222c54af4291b37bab34bae5511559264437898ab';
    expect(digest).toMatch(/\d{16}/);
    expect(JSON.stringify({ nikIndex: digest })).not.toMatch(ID_NUMBER);
    expect('Jr02/K93RoAq9eGt5511559264437898+fd9y').not.toMatch(ID_NUMBER);
    expect('5202••••••••0001').not.toMatch(ID_NUMBER);
  });
});
