import type { Regions } from '@siks/wilayah';
import { wilayahIdentity } from './identity.ts';
import type { ValidationDeps } from './validate.ts';

/** The latest calendar date anywhere in Indonesia (WIT, UTC+9) at `now`: "not in the future" is lenient. */
export function indonesianToday(now: Date): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The domain rules' dependencies at `now`: the official region list and `@siks/wilayah`'s NIK/KK rules. */
export function validationDeps(regions: Regions, now: Date): ValidationDeps {
  const today = indonesianToday(now);
  return {
    regionExists: (code) => regions.village(code) !== undefined,
    identity: wilayahIdentity({ regions, today }),
    today,
  };
}
