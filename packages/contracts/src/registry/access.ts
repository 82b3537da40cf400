import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { Uuid } from '../proposals/fields.ts';
import { BlindIndex } from '../proposals/personal.ts';
import { PublicStatusCheckedData } from './public-status.ts';

/**
 * Reads of personal data, recorded as events (DESIGN.md §6: a full NIK shown is itself
 * recorded). Stream `access-<yyyy-mm-dd>-<reader>` (one per reader and day, `reader` a
 * deterministic UUID of the user id), topic `registry.households.v1`. The reader (user, role,
 * scope) is the metadata `actor`; `regionCode` is the region of the data shown: the household's
 * village, the nearest region common to the households a NIK was found in, or the reader's scope
 * when nothing was shown.
 */

/** Someone looked a NIK up (the NIK itself never leaves the request: only its blind index). */
export const NikLookedUpData = z.strictObject({
  nikIndex: BlindIndex,
  found: z.boolean(),
  /** Households within the reader's scope that hold the NIK (empty when not found). */
  householdIds: z.array(Uuid).max(50),
  regionCode: RegionCode,
});

/** Which read showed the household: now, as of an instant, or its history. */
export const HouseholdView = z.enum(['current', 'as_of', 'history']);

/** Someone was shown a household with its full personal data. */
export const HouseholdViewedData = z.strictObject({
  householdId: Uuid,
  view: HouseholdView,
  asOf: z.iso.datetime({ offset: true }).optional(),
  regionCode: RegionCode,
});

export const AccessEventSchemas = {
  NikLookedUp: { schemaVersion: 1, data: NikLookedUpData },
  HouseholdViewed: { schemaVersion: 1, data: HouseholdViewedData },
  PublicStatusChecked: { schemaVersion: 1, data: PublicStatusCheckedData },
} as const;
export type AccessEventType = keyof typeof AccessEventSchemas;
