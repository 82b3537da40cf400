import { loadRegions, validateKk, validateNik } from '@siks/wilayah';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addYears } from './dates.ts';
import { DEFAULT_TODAY, generateHouseholds } from './index.ts';

const households = generateHouseholds({ seed: 2025, count: 300 });
const today = DEFAULT_TODAY;

describe('generateHouseholds', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the same households for the same seed, other ones for another seed', () => {
    expect(generateHouseholds({ seed: 2025, count: 300 })).toEqual(households);
    expect(generateHouseholds({ seed: 2026, count: 5 })).not.toEqual(households.slice(0, 5));
    expect(generateHouseholds({ seed: 2025, count: 20 })).toEqual(households.slice(0, 20));
  });

  it('never uses Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    expect(generateHouseholds({ seed: 'x', count: 50 })).toHaveLength(50);
  });

  it('builds NIKs that pass validateNik with the member’s sex and birth date, from real districts', async () => {
    const regions = await loadRegions();
    for (const household of households) {
      for (const member of household.members) {
        const result = validateNik(member.nik, { sex: member.sex, birthDate: member.birthDate, regions, today });
        expect(result, `${member.relationship} of ${household.householdId}`).toMatchObject({
          ok: true,
          errors: [],
          warnings: [],
        });
      }
      expect(validateKk(household.kkNumber, { regions, today })).toMatchObject({ ok: true, warnings: [] });
      expect(regions.village(household.villageCode)).toBeDefined();
    }
  });

  it('never gives the same NIK or KK number twice', () => {
    const niks = households.flatMap((household) => household.members.map((member) => member.nik));
    expect(new Set(niks).size).toBe(niks.length);
    const kks = households.map((household) => household.kkNumber);
    expect(new Set(kks).size).toBe(kks.length);
  });

  it('has exactly one head per household, listed first, and a plausible family around them', () => {
    for (const household of households) {
      const heads = household.members.filter((member) => member.relationship === 'kepala_keluarga');
      expect(heads).toHaveLength(1);
      const head = household.members[0]!;
      expect(head.relationship).toBe('kepala_keluarga');
      const spouses = household.members.filter((member) => member.relationship === 'istri_suami');
      expect(spouses.length).toBeLessThanOrEqual(1);
      for (const spouse of spouses) {
        expect(spouse.sex).not.toBe(head.sex);
        expect(spouse.maritalStatus).toBe('kawin');
      }
      for (const child of household.members.filter((member) => member.relationship === 'anak')) {
        expect(child.birthDate >= addYears(head.birthDate, 18)).toBe(true);
        if (spouses[0]?.sex === 'female') expect(child.motherName).toBe(spouses[0].name);
      }
      expect(household.housing.floorAreaPerPersonM2).toBeGreaterThan(0);
      expect(household.address.rt).toMatch(/^\d{3}$/);
    }
    const relationships = new Set(households.flatMap((household) => household.members.map((m) => m.relationship)));
    expect([...relationships]).toEqual(expect.arrayContaining(['kepala_keluarga', 'istri_suami', 'anak', 'cucu']));
  });

  it('places Lombok Tengah households in Lombok Tengah', () => {
    for (const household of households) {
      expect(household.villageCode.startsWith('52.02.')).toBe(true);
      expect(household.location?.lat).toBeGreaterThan(-9.0);
      expect(household.location?.lat).toBeLessThan(-8.4);
      expect(household.location?.lon).toBeGreaterThan(116.0);
      expect(household.location?.lon).toBeLessThan(116.55);
    }
  });

  it('spreads over the requested villages or region', () => {
    const praya = generateHouseholds({ seed: 1, count: 40, villages: '52.02.01' });
    expect(praya.every((household) => household.villageCode.startsWith('52.02.01.'))).toBe(true);
    const listed = generateHouseholds({ seed: 1, count: 10, villages: ['31.71.01.1001'] });
    expect(listed.every((household) => household.villageCode === '31.71.01.1001' && !household.location)).toBe(true);
    for (const household of listed) {
      for (const member of household.members) {
        expect(validateNik(member.nik, { sex: member.sex, birthDate: member.birthDate, today }).ok).toBe(true);
      }
    }
    expect(() => generateHouseholds({ seed: 1, count: 1, villages: '31.71' })).toThrow(/no built-in villages/);
    expect(() => generateHouseholds({ seed: 1, count: 1, villages: ['52.02.01'] })).toThrow(/not a village code/);
  });

  it('gives programmes mostly to poorer households', () => {
    const poorOnes = households.filter((household) => household.incomeBand === 'lt_500k');
    const richOnes = households.filter((household) => household.incomeBand === 'gte_3m');
    const share = (list: typeof households) =>
      list.filter((household) => household.programmes.includes('PBI-JK')).length / Math.max(1, list.length);
    expect(poorOnes.length).toBeGreaterThan(0);
    expect(share(poorOnes)).toBeGreaterThan(share(richOnes));
  });
});
