import { describe, expect, it } from 'vitest';
import { validateKk } from './kk.ts';
import { createRegions } from './regions.ts';

const regions = createRegions({
  provinces: [{ code: '52', name: 'Nusa Tenggara Barat' }],
  regencies: [{ code: '52.02', name: 'Kabupaten Lombok Tengah' }],
  districts: [{ code: '52.02.01', name: 'Praya' }],
  villages: [],
});
const today = '2025-06-30';
const codes = (list: { code: string }[]) => list.map((entry) => entry.code);

describe('validateKk', () => {
  it('accepts and parses a family card number', () => {
    expect(validateKk('5202011503150003', { regions, today })).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      parsed: { districtCode: '52.02.01', issueDate: '2015-03-15', serial: '0003' },
    });
  });

  it('rejects letters, wrong length, impossible dates and 0000 serials', () => {
    expect(codes(validateKk('520201150315000X', { today }).errors)).toEqual(['kk.characters']);
    expect(codes(validateKk('52020115031500031', { today }).errors)).toEqual(['kk.length']);
    expect(codes(validateKk('5202013102150003', { today }).errors)).toEqual(['kk.date']);
    // Issue dates carry no +40: day 55 is impossible.
    expect(codes(validateKk('5202015503150003', { today }).errors)).toEqual(['kk.date']);
    expect(codes(validateKk('5202011503150000', { today }).errors)).toEqual(['kk.serial']);
  });

  it('warns about an unknown district prefix', () => {
    const result = validateKk('5299011503150003', { regions, today });
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual(['kk.unknown_district']);
  });
});
