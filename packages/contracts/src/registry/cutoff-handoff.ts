import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { Reason, Uuid, VillageCode } from '../proposals/fields.ts';
import { Period, RegencyCode } from './cutoffs.ts';

/**
 * The hand-off of a cut-off above the regency (stream `cutoff-<cutoffId>`, after `CutoffFixed`):
 * the regency submits it to its province, the province forwards it to the ministry or returns it
 * with a reason, the province exports it (a signed file) and records the ministry's answer per
 * household. `regionCode` = the regency (so the regency's and the province's auditors see it),
 * except on `CutoffRowAnswered`: the household's village, so the village's auditors see it too.
 */

/** Where a cut-off stands in the hand-off. */
export const CutoffStage = z.enum(['fixed', 'submitted', 'forwarded', 'returned']);
export type CutoffStage = z.infer<typeof CutoffStage>;

const common = { cutoffId: Uuid, regencyCode: RegencyCode, period: Period, regionCode: RegionCode };

/** The regency (`admin_kabkota`) sends its fixed (or returned and reviewed) cut-off to the province. */
export const CutoffSubmittedToProvinceData = z.strictObject({ ...common });

/** The province (`admin_provinsi`) accepts it for forwarding to the ministry, or returns it with a reason. */
export const CutoffReviewedByProvinceData = z.strictObject({
  ...common,
  decision: z.enum(['forwarded', 'returned']),
  reason: Reason.optional(),
});

/**
 * A file of the cut-off was exported for the ministry: what it holds (`rows`, `households`),
 * its SHA-256 and the key that signed it. The file itself (with NIKs) is not kept.
 */
export const CutoffExportedData = z.strictObject({
  ...common,
  layout: z.string().min(1).max(60),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int().min(0),
  households: z.number().int().min(0),
  keyId: z.string().min(1).max(100),
});

/**
 * The ministry's answer on one household of the cut-off. `returned` needs the ministry's reason;
 * verification reopens the case of `proposalId` (the proposal last applied to the household at
 * the cut-off) at the regency with it.
 */
export const CutoffRowAnsweredData = z.strictObject({
  cutoffId: Uuid,
  regencyCode: RegencyCode,
  period: Period,
  householdId: Uuid,
  proposalId: Uuid,
  status: z.enum(['accepted', 'returned']),
  reason: Reason.optional(),
  regionCode: VillageCode,
});
export type CutoffRowAnsweredData = z.infer<typeof CutoffRowAnsweredData>;

export const CutoffHandoffEventSchemas = {
  CutoffSubmittedToProvince: { schemaVersion: 1, data: CutoffSubmittedToProvinceData },
  CutoffReviewedByProvince: { schemaVersion: 1, data: CutoffReviewedByProvinceData },
  CutoffExported: { schemaVersion: 1, data: CutoffExportedData },
  CutoffRowAnswered: { schemaVersion: 1, data: CutoffRowAnsweredData },
} as const;
