import type { Regions } from '@siks/wilayah';

/** Every village code of a province (`'52'`), in code order: where the seed puts households. */
export function villagesOf(regions: Regions, provinceCode: string): string[] {
  if (!regions.get(provinceCode)) throw new Error(`unknown province code "${provinceCode}"`);
  const villages: string[] = [];
  for (const regency of regions.childrenOf(provinceCode)) {
    for (const district of regions.childrenOf(regency.code)) {
      for (const village of regions.childrenOf(district.code)) villages.push(village.code);
    }
  }
  if (villages.length === 0) throw new Error(`province "${provinceCode}" has no villages`);
  return villages;
}
