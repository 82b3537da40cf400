import { validateKk, validateNik, type Regions } from '@siks/wilayah';
import type { IdentityValidator } from './validate.ts';

/**
 * The `@siks/wilayah` rules as validate.ts's `IdentityValidator`. With `regions`, a NIK/KK
 * district prefix missing from today's list is a warning; `today` fixes the century of
 * two-digit years.
 */
export function wilayahIdentity(options: { regions?: Pick<Regions, 'district'>; today: string }): IdentityValidator {
  const common = { today: options.today, ...(options.regions ? { regions: options.regions } : {}) };
  return {
    nik: (nik, declared) => validateNik(nik, { ...common, ...declared }),
    kk: (kk) => validateKk(kk, common),
  };
}
