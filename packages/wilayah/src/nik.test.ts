import { describe, expect, it } from 'vitest';
import { message } from './messages.ts';
import { validateNik } from './nik.ts';
import { createRegions } from './regions.ts';

const regions = createRegions({
  provinces: [{ code: '52', name: 'Nusa Tenggara Barat' }],
  regencies: [{ code: '52.02', name: 'Kabupaten Lombok Tengah' }],
  districts: [{ code: '52.02.01', name: 'Praya' }],
  villages: [{ code: '52.02.01.1001', name: 'Praya' }],
});
const today = '2025-06-30';
const codes = (list: { code: string }[]) => list.map((entry) => entry.code);

describe('validateNik', () => {
  it('accepts a man registered in Praya and parses it', () => {
    const result = validateNik('5202011204870001', { regions, today, sex: 'male', birthDate: '1987-04-12' });
    expect(result).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      parsed: { districtCode: '52.02.01', birthDate: '1987-04-12', sex: 'male', serial: '0001' },
    });
  });

  it('reads a woman from day + 40', () => {
    const result = validateNik('5202015204870002', { today, sex: 'female', birthDate: '1987-04-12' });
    expect(result.ok).toBe(true);
    expect(result.parsed).toMatchObject({ sex: 'female', birthDate: '1987-04-12' });
    const declaredMale = validateNik('5202015204870002', { today, sex: 'male' });
    expect(codes(declaredMale.errors)).toEqual(['nik.sex_mismatch']);
  });

  it('picks the century so the birth date is not in the future', () => {
    expect(validateNik('5202010103200001', { today }).parsed?.birthDate).toBe('2020-03-01');
    expect(validateNik('5202010107250001', { today }).parsed?.birthDate).toBe('1925-07-01');
    expect(validateNik('5202013006250001', { today }).parsed?.birthDate).toBe('2025-06-30');
    // A declared date in the other century still matches and wins.
    expect(validateNik('5202010103200001', { today, birthDate: '1920-03-01' }).parsed?.birthDate).toBe('1920-03-01');
  });

  it('rejects impossible dates, and accepts 29 February 2000', () => {
    expect(codes(validateNik('5202013102990001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202013002000001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202012902010001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202013504870001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202017204870001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202011213870001', { today }).errors)).toEqual(['nik.date']);
    expect(codes(validateNik('5202010004870001', { today }).errors)).toEqual(['nik.date']);
    const leap = validateNik('5202012902000001', { today });
    expect(leap.ok).toBe(true);
    expect(leap.parsed?.birthDate).toBe('2000-02-29');
  });

  it('rejects letters and wrong lengths without echoing the NIK', () => {
    const letters = validateNik('52020112048700A1', { today });
    expect(codes(letters.errors)).toEqual(['nik.characters']);
    expect(letters.parsed).toBeUndefined();
    expect(codes(validateNik('520201120487001', { today }).errors)).toEqual(['nik.length']);
    expect(codes(validateNik('5202 0112 0487 0001', { today }).errors)).toEqual(['nik.characters', 'nik.length']);
    expect(codes(validateNik('', { today }).errors)).toEqual(['nik.length']);
    expect(JSON.stringify(letters)).not.toContain('520201');
  });

  it('rejects the serial 0000', () => {
    expect(codes(validateNik('5202011204870000', { today }).errors)).toEqual(['nik.serial']);
  });

  it('reports a birth date that does not match the declared one', () => {
    const result = validateNik('5202011204870001', { today, birthDate: '1987-04-13' });
    expect(codes(result.errors)).toEqual(['nik.birthdate_mismatch']);
    expect(() => validateNik('5202011204870001', { today, birthDate: '1987-02-30' })).toThrow(TypeError);
  });

  it('only warns about a district prefix missing from the current list', () => {
    const result = validateNik('5299011204870001', { regions, today });
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual(['nik.unknown_district']);
    expect(result.parsed?.districtCode).toBe('52.99.01');
  });

  it('speaks Bahasa Indonesia by default and English on request', () => {
    expect(validateNik('5202011204870000', { today }).errors[0]?.message).toBe(message('nik.serial', 'id'));
    expect(validateNik('5202011204870000', { today, lang: 'en' }).errors[0]?.message).toBe(
      'The NIK serial (last 4 digits) cannot be 0000.',
    );
  });
});
