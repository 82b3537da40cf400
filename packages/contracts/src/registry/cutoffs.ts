import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { Uuid } from '../proposals/fields.ts';

/** A regency code `PP.KK`. */
export const RegencyCode = z.string().regex(/^\d{2}\.\d{2}$/, { error: 'region.regency_format' });

/** A month `yyyy-mm`. */
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'period.format' });

/** A position in the global event log (`"<major>:<minor>"`, see @siks/eventstore). */
export const LogPosition = z.string().regex(/^\d{1,20}:\d{1,20}$/);

/**
 * The monthly cut-off (*penetapan*) of a regency: its households as they stand at
 * `logPosition` are the period's list, whatever changes later. Stream `cutoff-<cutoffId>`,
 * one per regency and period (`cutoffId` is derived from both). `regionCode` = the regency.
 * Who fixed it (an `admin_kabkota`) is the metadata `actor`.
 */
export const CutoffFixedData = z.strictObject({
  cutoffId: Uuid,
  regencyCode: RegencyCode,
  period: Period,
  logPosition: LogPosition,
  regionCode: RegionCode,
});
export type CutoffFixedData = z.infer<typeof CutoffFixedData>;

export const CutoffEventSchemas = {
  CutoffFixed: { schemaVersion: 1, data: CutoffFixedData },
} as const;
