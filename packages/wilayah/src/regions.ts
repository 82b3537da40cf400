import { regionLevel, type RegionLevel } from './codes.ts';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** '' for a province. */
  parentCode: string;
}

/** Source rows, as `idn-area-data` gives them (or a small hand-made set in tests). */
export interface RegionData {
  provinces: readonly { code: string; name: string }[];
  regencies: readonly { code: string; name: string }[];
  districts: readonly { code: string; name: string }[];
  villages: readonly { code: string; name: string }[];
}

export interface Regions {
  /** Any existing region by code, whatever its level. */
  get(code: string): Region | undefined;
  province(code: string): Region | undefined;
  regency(code: string): Region | undefined;
  district(code: string): Region | undefined;
  village(code: string): Region | undefined;
  exists(code: string): boolean;
  /** The parent region; undefined for a province or an unknown code. */
  parentOf(code: string): Region | undefined;
  /** Direct children in code order; '' gives the provinces. Empty for villages and unknown codes. */
  childrenOf(code: string): readonly Region[];
  /** Level of an existing code; undefined when the code is not in the list. */
  level(code: string): RegionLevel | undefined;
  readonly counts: Readonly<Record<RegionLevel, number>>;
}

const NONE: readonly Region[] = Object.freeze([]);

/** Builds the lookup maps from source rows. Rows with malformed codes are rejected. */
export function createRegions(data: RegionData): Regions {
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

let loading: Promise<Regions> | undefined;

/**
 * The official region list from `idn-area-data`, read once per process on first call (the
 * CSV of ~84k villages is parsed lazily, never at import time) and shared afterwards.
 */
export function loadRegions(): Promise<Regions> {
  loading ??= readIdnAreaData().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readIdnAreaData(): Promise<Regions> {
  const area = await import('idn-area-data');
  const [provinces, regencies, districts, villages] = await Promise.all([
    area.getProvinces(),
    area.getRegencies(),
    area.getDistricts(),
    area.getVillages(),
  ]);
  return createRegions({ provinces, regencies, districts, villages });
}
