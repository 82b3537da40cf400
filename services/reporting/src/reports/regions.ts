import { assertInScope, notFound, type AuthenticatedActor } from '@siks/service-kit';
import type { RegionLevel, Regions } from '@siks/wilayah';

/** `national` in a path stands for the whole country (scope ''), for national roles. */
export const NATIONAL = 'national';

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel | 'national';
}

/** Length of a code at each level (`PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD`). */
export const CODE_LENGTH: Readonly<Record<RegionLevel, number>> = { province: 2, regency: 5, district: 8, village: 13 };

const NEXT_LEVEL: Readonly<Record<RegionRef['level'], RegionLevel | undefined>> = {
  national: 'province',
  province: 'regency',
  regency: 'district',
  district: 'village',
  village: undefined,
};

export const childLevel = (level: RegionRef['level']): RegionLevel | undefined => NEXT_LEVEL[level];

/**
 * The region a request names, or 404: an unknown code and a code outside the caller's scope
 * answer the same (DESIGN.md §7: leak nothing).
 */
export function regionInScope(regions: Regions, actor: AuthenticatedActor, code: string): RegionRef {
  if (code === NATIONAL || code === '') {
    assertInScope(actor, '');
    return { code: '', name: 'Indonesia', level: 'national' };
  }
  const region = regions.get(code);
  if (!region) throw notFound();
  assertInScope(actor, region.code);
  return { code: region.code, name: region.name, level: region.level };
}

/** The region of an optional `region` query parameter; the caller's own scope when absent. */
export function queryRegion(regions: Regions, actor: AuthenticatedActor, code: string | undefined): RegionRef {
  return regionInScope(regions, actor, code ?? actor.regionCode);
}

/**
 * A SQL condition keeping rows whose `column` lies within `code` (segment-prefix semantics,
 * like `isWithin`), with its parameters appended to `params`. `column` is `COLLATE "C"`, so a
 * b-tree index serves the prefix. Codes are validated digits and dots: no LIKE wildcard.
 */
export function withinSql(column: string, code: string, params: unknown[]): string {
  if (code === '') return 'TRUE';
  params.push(code, `${code}.%`);
  return `(${column} = $${params.length - 1} OR ${column} LIKE $${params.length})`;
}

/** The code of the ancestor at `level` of a village-level column, as SQL (`substring`). */
export const ancestorSql = (column: string, level: RegionLevel): string =>
  `substring(${column} from 1 for ${CODE_LENGTH[level]})`;
