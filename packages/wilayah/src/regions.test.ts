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

  it('serves NIK validation', () => {
    expect(validateNik('5202011204870001', { regions, today: '2025-01-01' }).warnings).toEqual([]);
    expect(validateNik('5202991204870001', { regions, today: '2025-01-01' }).warnings.map((w) => w.code)).toEqual([
      'nik.unknown_district',
    ]);
  });
});
