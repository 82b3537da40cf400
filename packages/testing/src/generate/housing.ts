import { byWellbeing } from './person.ts';
import type { Random } from './random.ts';
import type { Housing, IncomeBand } from './types.ts';

/** The dwelling and assets of a household, leaning on its wellbeing (0 poor … 1 well-off). */
export function housing(random: Random, wellbeing: number, memberCount: number): Housing {
  const floorArea = random.int(18, 36) + Math.round(wellbeing * random.int(20, 90));
  return {
    floorAreaPerPersonM2: Math.round((floorArea / Math.max(1, memberCount)) * 10) / 10,
    floorType: byWellbeing(random, wellbeing, ['tanah', 'bambu', 'kayu_murah', 'semen', 'keramik'] as const),
    wallType: byWellbeing(random, wellbeing, [
      'rumbia',
      'bambu',
      'kayu_murah',
      'tembok_tanpa_plester',
      'tembok',
    ] as const),
    roofType: byWellbeing(random, wellbeing, ['rumbia', 'ijuk', 'seng', 'asbes', 'genteng', 'beton'] as const),
    ownership: random.weighted([
      ['milik_sendiri', 80],
      ['bebas_sewa', 10],
      ['kontrak_sewa', 6],
      ['dinas', 1],
      ['lainnya', 3],
    ] as const),
    drinkingWater: byWellbeing(random, wellbeing, [
      'sungai',
      'mata_air_tak_terlindung',
      'air_hujan',
      'sumur_tak_terlindung',
      'sumur_terlindung',
      'sumur_bor',
      'ledeng',
      'air_kemasan',
    ] as const),
    lighting: byWellbeing(random, wellbeing * 0.6 + 0.4, [
      'bukan_listrik',
      'listrik_non_pln',
      'listrik_pln_tanpa_meteran',
      'listrik_pln_meteran',
    ] as const),
    cookingFuel: byWellbeing(random, wellbeing, [
      'kayu_bakar',
      'arang',
      'minyak_tanah',
      'gas_elpiji',
      'listrik',
    ] as const),
    toilet: byWellbeing(random, wellbeing, ['tidak_ada', 'umum', 'bersama', 'sendiri'] as const),
    mealsPerDay: byWellbeing(random, wellbeing * 0.5 + 0.5, [1, 2, 3] as const),
    canPayTreatment: random.chance(0.15 + wellbeing * 0.8),
    assetsOver500k: random.chance(0.2 + wellbeing * 0.75),
  };
}

export function incomeBand(random: Random, wellbeing: number): IncomeBand {
  return byWellbeing(random, wellbeing, ['lt_500k', '500k_1m', '1m_2m', '2m_3m', 'gte_3m'] as const);
}
