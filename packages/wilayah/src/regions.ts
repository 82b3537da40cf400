import { readIdnAreaData } from './idn-area-data.ts';
import { indexOfKey, LevelTableBuilder, lowerBound, nameAt, type LevelTable } from './level-table.ts';
import type { RegionLevel } from './codes.ts';
import { codeKey, codeOfKey, levelOfLength, parentOfCode, SPAN } from './region-keys.ts';
import type { Region, RegionData, Regions } from './region-types.ts';

export type { Region, RegionData, Regions } from './region-types.ts';

type Tables = Readonly<Record<RegionLevel, LevelTable>>;

const NONE: readonly Region[] = Object.freeze([]);
const CHILD_LEVEL: Readonly<Record<RegionLevel, RegionLevel | undefined>> = {
  province: 'regency',
  regency: 'district',
  district: 'village',
  village: undefined,
};

/** Builds the index from source rows, in any order. Malformed or repeated codes are rejected. */
export function createRegions(data: RegionData): Regions {
  const table = (level: RegionLevel, rows: RegionData['provinces']): LevelTable => {
    const builder = new LevelTableBuilder(level);
    for (const row of rows) builder.add(row.code, row.name);
    return builder.finish();
  };
  return regionsOf({
    province: table('province', data.provinces),
    regency: table('regency', data.regencies),
    district: table('district', data.districts),
    village: table('village', data.villages),
  });
}

/**
 * The `Regions` view of packed level tables: lookups by binary search on the numeric code,
 * children by key range, and each `Region` (with its name) made on demand. A returned region is
 * a fresh object: the index keeps no object per region.
 */
function regionsOf(tables: Tables): Regions {
  /** The index of an existing `code` in its level's table, or -1. */
  const find = (code: string): number => {
    const key = codeKey(code);
    if (key < 0) return -1;
    return indexOfKey(tables[levelOfLength(code.length) as RegionLevel], key);
  };
  const regionAt = (level: RegionLevel, index: number, code: string, parentCode = parentOfCode(code)): Region => ({
    code,
    name: nameAt(tables[level], index),
    level,
    parentCode,
  });
  const get = (code: string): Region | undefined => {
    const index = find(code);
    return index < 0 ? undefined : regionAt(levelOfLength(code.length) as RegionLevel, index, code);
  };
  const atLevel = (level: RegionLevel) => (code: string) =>
    levelOfLength(code.length) === level ? get(code) : undefined;
  /** The regions of `level` whose keys are in `[from, to)`; codes below `parent` when given. */
  const range = (level: RegionLevel, from: number, to: number, parent?: string): readonly Region[] => {
    const { keys } = tables[level];
    const first = lowerBound(keys, from);
    const end = lowerBound(keys, to);
    if (first === end) return NONE;
    const width = level === 'village' ? 4 : 2;
    const out: Region[] = [];
    for (let index = first; index < end; index += 1) {
      const key = keys[index] as number;
      if (parent) out.push(regionAt(level, index, `${parent}.${String(key - from).padStart(width, '0')}`, parent));
      else out.push(regionAt(level, index, codeOfKey(key, level)));
    }
    return out;
  };
  const counts = Object.freeze({
    province: tables.province.keys.length,
    regency: tables.regency.keys.length,
    district: tables.district.keys.length,
    village: tables.village.keys.length,
  });

  return {
    get,
    province: atLevel('province'),
    regency: atLevel('regency'),
    district: atLevel('district'),
    village: atLevel('village'),
    exists: (code) => find(code) >= 0,
    parentOf: (code) => (find(code) >= 0 ? get(parentOfCode(code)) : undefined),
    childrenOf: (code) => {
      if (code === '') return range('province', 0, Infinity);
      const level = levelOfLength(code.length);
      const childLevel = level && CHILD_LEVEL[level];
      if (!childLevel || find(code) < 0) return NONE;
      const key = codeKey(code);
      return range(childLevel, key * SPAN[childLevel], (key + 1) * SPAN[childLevel], code);
    },
    level: (code) => (find(code) >= 0 ? levelOfLength(code.length) : undefined),
    counts,
  };
}

let loading: Promise<Regions> | undefined;

/**
 * The official region list from `idn-area-data`, read once per process on first call (never at
 * import time) and shared afterwards: its CSV files packed into a compact index (a few MB).
 */
export function loadRegions(): Promise<Regions> {
  loading ??= readIdnAreaData()
    .then(regionsOf)
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}
