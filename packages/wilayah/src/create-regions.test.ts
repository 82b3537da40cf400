import { describe, expect, it } from 'vitest';
import { createRegions } from './regions.ts';

// A hand-made list, deliberately out of order, with names that need care.
const regions = createRegions({
  provinces: [
    { code: '53', name: 'Nusa Tenggara Timur' },
    { code: '52', name: 'Nusa Tenggara Barat' },
  ],
  regencies: [
    { code: '52.02', name: 'Kabupaten Lombok Tengah' },
    { code: '52.01', name: 'Kabupaten Lombok Barat' },
    { code: '53.07', name: 'Kabupaten Sikka' },
  ],
  districts: [
    { code: '52.02.02', name: 'Jonggat' },
    { code: '52.02.01', name: 'Praya' },
    { code: '53.07.01', name: 'Paga' },
  ],
  villages: [
    { code: '52.02.01.2012', name: 'Montong Terep' },
    { code: '52.02.01.1001', name: 'Praya' },
    { code: '53.07.01.2021', name: 'Regapu’u' },
    { code: '52.02.02.2001', name: 'Ubung' },
    { code: '52.02.01.1002', name: 'Leneng "Baru", I' },
  ],
});

const codes = (list: readonly { code: string }[]): string[] => list.map((region) => region.code);

describe('createRegions', () => {
  it('counts each level', () => {
    expect(regions.counts).toEqual({ province: 2, regency: 3, district: 3, village: 5 });
  });

  it('looks up a region at every level with its name, level and parent', () => {
    expect(regions.province('52')).toEqual({
      code: '52',
      name: 'Nusa Tenggara Barat',
      level: 'province',
      parentCode: '',
    });
    expect(regions.regency('52.01')).toEqual({
      code: '52.01',
      name: 'Kabupaten Lombok Barat',
      level: 'regency',
      parentCode: '52',
    });
    expect(regions.district('52.02.02')).toEqual({
      code: '52.02.02',
      name: 'Jonggat',
      level: 'district',
      parentCode: '52.02',
    });
    expect(regions.village('52.02.01.2012')).toEqual({
      code: '52.02.01.2012',
      name: 'Montong Terep',
      level: 'village',
      parentCode: '52.02.01',
    });
    expect(regions.get('53.07')?.name).toBe('Kabupaten Sikka');
  });

  it('keeps every name exactly, whatever its characters', () => {
    expect(regions.village('53.07.01.2021')?.name).toBe('Regapu’u');
    expect(regions.village('52.02.01.1002')?.name).toBe('Leneng "Baru", I');
    expect(regions.village('52.02.01.1001')?.name).toBe('Praya');
    expect(regions.district('52.02.01')?.name).toBe('Praya');
    expect(regions.province('53')?.name).toBe('Nusa Tenggara Timur');
  });

  it('answers a level lookup only for a code of that level', () => {
    expect(regions.province('52.02')).toBeUndefined();
    expect(regions.regency('52')).toBeUndefined();
    expect(regions.district('52.02.01.1001')).toBeUndefined();
    expect(regions.village('52.02.01')).toBeUndefined();
  });

  it('knows nothing of unknown or malformed codes', () => {
    for (const code of ['', '54', '52.03', '52.02.03', '52.02.01.1003', '5202', '52.2', 'ab', '52.02.01.1001 ', '00']) {
      expect(regions.get(code), code).toBeUndefined();
      expect(regions.exists(code), code).toBe(false);
      expect(regions.level(code), code).toBeUndefined();
      expect(regions.parentOf(code), code).toBeUndefined();
    }
    expect(regions.village('52.02.01.9999')).toBeUndefined();
  });

  it('gives levels and parents of existing codes', () => {
    expect(['52', '52.02', '52.02.01', '52.02.01.1001'].map((code) => regions.level(code))).toEqual([
      'province',
      'regency',
      'district',
      'village',
    ]);
    expect(regions.parentOf('52.02.01.1001')?.name).toBe('Praya');
    expect(regions.parentOf('52.02.01')?.code).toBe('52.02');
    expect(regions.parentOf('52.02')?.code).toBe('52');
    expect(regions.parentOf('52')).toBeUndefined();
  });

  it('lists direct children in code order', () => {
    expect(codes(regions.childrenOf(''))).toEqual(['52', '53']);
    expect(codes(regions.childrenOf('52'))).toEqual(['52.01', '52.02']);
    expect(codes(regions.childrenOf('52.02'))).toEqual(['52.02.01', '52.02.02']);
    expect(regions.childrenOf('52.02.01')).toEqual([
      { code: '52.02.01.1001', name: 'Praya', level: 'village', parentCode: '52.02.01' },
      { code: '52.02.01.1002', name: 'Leneng "Baru", I', level: 'village', parentCode: '52.02.01' },
      { code: '52.02.01.2012', name: 'Montong Terep', level: 'village', parentCode: '52.02.01' },
    ]);
    expect(codes(regions.childrenOf('53.07.01'))).toEqual(['53.07.01.2021']);
  });

  it('has no children for villages, childless regions and unknown codes', () => {
    expect(regions.childrenOf('52.02.01.1001')).toEqual([]);
    expect(regions.childrenOf('52.01')).toEqual([]);
    expect(regions.childrenOf('54')).toEqual([]);
    expect(regions.childrenOf('52.02.09')).toEqual([]);
    expect(regions.childrenOf('x')).toEqual([]);
  });

  it('returns fresh objects, so a caller cannot corrupt the index', () => {
    const praya = regions.village('52.02.01.1001');
    if (praya) praya.name = 'changed';
    expect(regions.village('52.02.01.1001')?.name).toBe('Praya');
  });

  it('rejects malformed codes, codes at the wrong level and repeated codes', () => {
    const empty = { provinces: [], regencies: [], districts: [], villages: [] };
    expect(() => createRegions({ ...empty, provinces: [{ code: '5', name: 'x' }] })).toThrow(
      'malformed province code "5"',
    );
    expect(() => createRegions({ ...empty, districts: [{ code: '52.02', name: 'x' }] })).toThrow(
      'malformed district code "52.02"',
    );
    expect(() =>
      createRegions({
        ...empty,
        villages: [
          { code: '52.02.01.1001', name: 'a' },
          { code: '52.02.01.1001', name: 'b' },
        ],
      }),
    ).toThrow('village code "52.02.01.1001" appears twice');
  });

  it('works empty', () => {
    const none = createRegions({ provinces: [], regencies: [], districts: [], villages: [] });
    expect(none.counts).toEqual({ province: 0, regency: 0, district: 0, village: 0 });
    expect(none.childrenOf('')).toEqual([]);
    expect(none.get('52')).toBeUndefined();
  });
});
