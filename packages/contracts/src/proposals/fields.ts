import { z } from 'zod';

/**
 * Field primitives. A rule-specific failure carries a stable code as its zod message (e.g.
 * `nik.length`); `toFieldIssues` (issues.ts) turns issues into `{path, code, params}` and the
 * catalogue (messages.ts) renders the text in Bahasa Indonesia or English. No message ever
 * contains the rejected value. Format checks hang off `z.string().check(...)` so that a
 * missing value still reports `required`.
 */

/** 16 digits; the date, sex and serial rules are `@siks/wilayah`'s (checked after parsing). */
export const Nik = z.string().length(16, { error: 'nik.length' }).regex(/^\d*$/, { error: 'nik.characters' });

/** 16 digits; date and serial rules are `@siks/wilayah`'s. */
export const KkNumber = z.string().length(16, { error: 'kk.length' }).regex(/^\d*$/, { error: 'kk.characters' });

/** A village (desa/kelurahan) code `PP.KK.CC.DDDD`; whether it exists is checked after parsing. */
export const VillageCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, { error: 'region.village_format' });

/** A real calendar date `YYYY-MM-DD`. */
export const CalendarDate = z.string().check(z.iso.date({ error: 'date.invalid' }));

export const Timestamp = z.string().check(z.iso.datetime({ offset: true, error: 'datetime.invalid' }));

/** A person's name as written on the KK: letters, spaces and . , ' - only. */
export const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{M} .,'`-]+$/u, { error: 'name.characters' });

export const ShortText = z.string().trim().min(1).max(100);

/** A reason a person gives (amend, withdraw, return, reject). Must not hold personal data. */
export const Reason = z.string().trim().min(1, { error: 'reason.required' }).max(2000);

/** RT or RW number: 1–3 digits as written ("3", "003"). */
export const RtRw = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, { error: 'address.rt_rw_format' });

export const Phone = z
  .string()
  .trim()
  .regex(/^\+?\d{8,15}$/, { error: 'phone.format' });

export const Uuid = z.uuid();

/** An id generated on a device (field channel) for one record; makes retries idempotent. */
export const ClientId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { error: 'client_id.format' });
