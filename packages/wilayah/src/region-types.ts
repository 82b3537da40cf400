import type { RegionLevel } from './codes.ts';

// The shapes of the region index, apart from its loader (which reads files): browser code that
// checks NIK/KK numbers imports these types without pulling node modules into its type-check.

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
