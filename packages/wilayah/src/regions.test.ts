import { describe, expect, it } from 'vitest';
import { loadRegions } from './regions.ts';
import { validateNik } from './nik.ts';

describe('loadRegions (idn-area-data)', async () => {
  const regions = await loadRegions();

  it('holds the official counts', () => {
    expect(regions.counts).toEqual({ province: 38, regency: 514, district: 7285, village: 83762 });
  });

  it('is loaded once and shared', async () => {
    expect(await loadRegions()).toBe(regions);
  });

  it('looks up Praya, Lombok Tengah at every level', () => {
    expect(regions.village('52.02.01.1001')).toEqual({
      code: '52.02.01.1001',
      name: 'Praya',
      level: 'village',
      parentCode: '52.02.01',
    });
    expect(regions.district('52.02.01')?.name).toBe('Praya');
    expect(regions.regency('52.02')?.name).toBe('Kabupaten Lombok Tengah');
    expect(regions.province('52')?.name).toBe('Nusa Tenggara Barat');
    expect(regions.district('52.02.01.1001')).toBeUndefined();
    expect(regions.level('52.02.01.1001')).toBe('village');
    expect(regions.level('52.02.99')).toBeUndefined();
  });

  it('walks parents and children', () => {
    expect(regions.parentOf('52.02.01.1001')?.code).toBe('52.02.01');
    expect(regions.parentOf('52')).toBeUndefined();
    expect(regions.childrenOf('').length).toBe(38);
    expect(regions.childrenOf('52.02').map((district) => district.code)).toEqual(
      Array.from({ length: 12 }, (_, index) => `52.02.${String(index + 1).padStart(2, '0')}`),
    );
    expect(regions.childrenOf('52.02.01').length).toBe(15);
    expect(regions.childrenOf('52.02.01.1001')).toEqual([]);
    expect(regions.childrenOf('99')).toEqual([]);
  });

  it('answers exists for real and made-up codes', () => {
    expect(regions.exists('52.02.01.1001')).toBe(true);
    expect(regions.exists('52.02.01.9999')).toBe(false);
    expect(regions.exists('')).toBe(false);
  });

  it('looks up the first and last region of every level', () => {
    expect(regions.childrenOf('')[0]).toEqual({ code: '11', name: 'Aceh', level: 'province', parentCode: '' });
    expect(regions.province('96')?.name).toBe('Papua Barat Daya');
    expect(regions.regency('11.01')?.name).toBe('Kabupaten Aceh Selatan');
    expect(regions.regency('96.71')?.name).toBe('Kota Sorong');
    expect(regions.district('11.01.01')?.name).toBe('Bakongan');
    expect(regions.district('96.71.10')?.name).toBe('Maladum Mes');
    expect(regions.village('11.01.01.2001')?.name).toBe('Keude Bakongan');
    expect(regions.village('96.71.10.1004')).toEqual({
      code: '96.71.10.1004',
      name: 'Tanjung Kasuari',
      level: 'village',
      parentCode: '96.71.10',
    });
    expect(regions.childrenOf('96.71.01').map((village) => village.name)).toEqual([
      'Remu Utara',
      'Klademak',
      'Kofkerbu',
      'Remu',
    ]);
  });

  it('keeps names with quotes, commas and non-ASCII letters from the CSV', () => {
    expect(regions.district('35.29.22')?.name).toBe('Ra"as');
    expect(regions.village('12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    expect(regions.village('14.02.09.2010')?.name).toBe('Lambang Sari I, II, III');
    expect(regions.village('94.04.10.2004')?.name).toBe('T"Singa');
    expect(regions.village('53.07.01.2021')?.name).toBe('Regapu’u');
    expect(regions.village('53.07.01.2020')?.name).toBe('Aebubu');
    expect(regions.village('53.07.01.2022')?.name).toBe('Rejo');
  });

  it('knows nothing of unknown codes at any level', () => {
    for (const code of ['10', '99', '52.99', '52.02.99', '52.02.01.9999', '00.00.00.0000', '52.2', 'x'])
      expect([regions.get(code), regions.childrenOf(code), regions.parentOf(code)], code).toEqual([
        undefined,
        [],
        undefined,
      ]);
  });

  it('serves NIK validation', () => {
    expect(validateNik('5202011204870001', { regions, today: '2025-01-01' }).warnings).toEqual([]);
    expect(validateNik('5202991204870001', { regions, today: '2025-01-01' }).warnings.map((w) => w.code)).toEqual([
      'nik.unknown_district',
    ]);
  });
});
