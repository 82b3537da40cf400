import { z } from 'zod';

/** Roles of DESIGN.md §7; `system` is a service acting on its own (a consumer, a relay). */
export const Role = z.enum([
  'operator_desa',
  'verifikator_kabkota',
  'admin_kabkota',
  'admin_provinsi',
  'pusdatin',
  'auditor',
  'system',
]);
export type Role = z.infer<typeof Role>;

/** Where a proposal or a change came from (DOMAIN.md "Channels"); `system` for reactions. */
export const Channel = z.enum(['operator', 'field', 'musdes', 'rtrw', 'program', 'complaint', 'adminduk', 'system']);
export type Channel = z.infer<typeof Channel>;

/** Region code: `PP`, `PP.KK`, `PP.KK.CC` or `PP.KK.CC.DDDD`, or empty for national scope. */
export const RegionCode = z.string().regex(/^(|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$/, 'kode wilayah tidak valid');
export type RegionCode = z.infer<typeof RegionCode>;

export const Actor = z.object({
  userId: z.string().min(1).max(200),
  role: Role,
  /** The actor's scope: a village for an operator, a regency for district roles, '' for national. */
  regionCode: RegionCode,
});
export type Actor = z.infer<typeof Actor>;

/** W3C trace context header value. */
export const Traceparent = z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/);

/** Metadata carried by every event (DESIGN.md §4). */
export const EventMetadata = z.object({
  actor: Actor,
  channel: Channel,
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  traceparent: Traceparent.optional(),
  /** Why a person did this, where they gave a reason. */
  reason: z.string().min(1).max(2000).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;
