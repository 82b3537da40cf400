/**
 * The region index as it was before the compact one (kept for the memory bench only): every
 * row of idn-area-data parsed by its own papaparse reader into objects, one `Region` object per
 * row in a `Map`, and a children list per parent.
 */
import { regionLevel, type RegionLevel } from '../src/codes.ts';
import type { Region, RegionData, Regions } from '../src/regions.ts';

const NONE: readonly Region[] = Object.freeze([]);

/** The original index: one `Region` object per row in a `Map`, children lists per parent. */
export function createMapRegions(data: RegionData): Regions {
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  const counts: Record<RegionLevel, number> = { province: 0, regency: 0, district: 0, village: 0 };
  const add = (rows: RegionData['provinces'], expected: RegionLevel): void => {
    for (const row of rows) {
      if (regionLevel(row.code) !== expected) throw new Error(`region list: malformed ${expected} code "${row.code}"`);
      const cut = row.code.lastIndexOf('.');
      const region: Region = {
        code: row.code,
        name: row.name,
        level: expected,
        parentCode: cut < 0 ? '' : row.code.slice(0, cut),
      };
      byCode.set(region.code, region);
      counts[expected] += 1;
      const siblings = children.get(region.parentCode);
      if (siblings) siblings.push(region);
      else children.set(region.parentCode, [region]);
    }
  };
  add(data.provinces, 'province');
  add(data.regencies, 'regency');
  add(data.districts, 'district');
  add(data.villages, 'village');
  for (const list of children.values()) list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const atLevel = (code: string, level: RegionLevel): Region | undefined => {
    const region = byCode.get(code);
    return region?.level === level ? region : undefined;
  };
  return {
    get: (code) => byCode.get(code),
    province: (code) => atLevel(code, 'province'),
    regency: (code) => atLevel(code, 'regency'),
    district: (code) => atLevel(code, 'district'),
    village: (code) => atLevel(code, 'village'),
    exists: (code) => byCode.has(code),
    parentOf: (code) => {
      const region = byCode.get(code);
      return region ? byCode.get(region.parentCode) : undefined;
    },
    childrenOf: (code) => (code === '' || byCode.has(code) ? (children.get(code) ?? NONE) : NONE),
    level: (code) => byCode.get(code)?.level,
    counts,
  };
}

/** Reads idn-area-data through its own API, as `loadRegions()` did before. */
export async function loadMapRegions(): Promise<Regions> {
  const area = await import('idn-area-data');
  const [provinces, regencies, districts, villages] = await Promise.all([
    area.getProvinces(),
    area.getRegencies(),
    area.getDistricts(),
    area.getVillages(),
  ]);
  return createMapRegions({ provinces, regencies, districts, villages });
}
