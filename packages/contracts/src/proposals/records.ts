import { z } from 'zod';
import { DeactivationReason, Disability, IncomeBand, RemovalReason } from './enums.ts';
import { CalendarDate, Uuid, VillageCode } from './fields.ts';
import { HouseholdData, Housing, Member } from './household.ts';
import { BlindIndex, Sealed } from './personal.ts';

/**
 * Stored (sealed) form of proposal content, as it appears in events on `intake.proposals.v1`.
 * Each `…Personal` schema is what its `personal` seal holds once opened. See personal.ts.
 */

/**
 * `disability` (health data, a special category) is sealed with the member's other personal
 * fields in new events; values sealed before that lack it, and their record keeps it in clear.
 * Readers take whichever is present (`openMember`); one of the two always is.
 */
export const MemberPersonal = Member.pick({
  nik: true,
  name: true,
  birthDate: true,
  birthPlace: true,
  motherName: true,
})
  .extend({ disability: Disability.optional() })
  .strict();
export type MemberPersonal = z.infer<typeof MemberPersonal>;

export const MemberRecord = Member.omit({ nik: true, name: true, birthDate: true, birthPlace: true, motherName: true })
  .extend({ nikIndex: BlindIndex, personal: Sealed, disability: Disability.optional() })
  .strict();
export type MemberRecord = z.infer<typeof MemberRecord>;

/**
 * The income band (`housing.incomeBand`) is sealed in the household's block in new events
 * (it says what a family earns); older records keep it in clear inside `housing`.
 */
export const HouseholdPersonal = HouseholdData.pick({
  address: true,
  location: true,
  phone: true,
  kkNumber: true,
})
  .extend({ incomeBand: IncomeBand.optional() })
  .strict();
export type HouseholdPersonal = z.infer<typeof HouseholdPersonal>;

/** `housing` as stored: the income band only in records sealed before it moved into `personal`. */
export const HousingRecord = Housing.extend({ incomeBand: IncomeBand.optional() }).strict();
export type HousingRecord = z.infer<typeof HousingRecord>;

export const HouseholdRecord = HouseholdData.omit({
  address: true,
  location: true,
  phone: true,
  kkNumber: true,
  members: true,
})
  .extend({
    kkIndex: BlindIndex.optional(),
    housing: HousingRecord.optional(),
    members: z.array(MemberRecord),
    personal: Sealed,
  })
  .strict();
export type HouseholdRecord = z.infer<typeof HouseholdRecord>;

/** A NIK correction: both indexes in clear (so either NIK finds it), both numbers sealed. */
export const NikCorrectionRecord = z
  .object({ oldNikIndex: BlindIndex, newNikIndex: BlindIndex, personal: Sealed })
  .strict();

/** Opened: `{nik, name}`. */
export const RemovedMemberRecord = z
  .object({ reason: RemovalReason, effectiveDate: CalendarDate.optional(), nikIndex: BlindIndex, personal: Sealed })
  .strict();

/** Opened: `{nik, name, birthDate?}`. */
export const PersonRecord = z.object({ nikIndex: BlindIndex, personal: Sealed }).strict();

export const ContentRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('new_household'), household: HouseholdRecord }).strict(),
  z
    .object({
      type: z.literal('update'),
      householdId: Uuid.optional(),
      regionCode: VillageCode,
      household: HouseholdRecord.optional(),
      nikCorrections: z.array(NikCorrectionRecord).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('add_member'),
      householdId: Uuid,
      regionCode: VillageCode,
      members: z.array(MemberRecord),
    })
    .strict(),
  z
    .object({
      type: z.literal('remove_member'),
      householdId: Uuid,
      regionCode: VillageCode,
      members: z.array(RemovedMemberRecord),
    })
    .strict(),
  z
    .object({
      type: z.literal('deactivate'),
      householdId: Uuid.optional(),
      regionCode: VillageCode,
      reason: DeactivationReason,
      effectiveDate: CalendarDate.optional(),
      person: PersonRecord.optional(),
      kkIndex: BlindIndex.optional(),
      /** Opened: `{kkNumber?, note?}`; absent when there is neither. */
      personal: Sealed.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('reactivate'),
      householdId: Uuid,
      regionCode: VillageCode,
      /** Opened: `{note}`. */
      personal: Sealed,
    })
    .strict(),
  z.object({ type: z.literal('split_household'), householdId: Uuid, household: HouseholdRecord }).strict(),
]);
export type ContentRecord = z.infer<typeof ContentRecord>;

/** A JSON value (what a changed field held). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z.json();

/**
 * One changed field of an amendment. Non-personal: `from`/`to` in clear (absent = the field
 * was absent). Personal (`isPersonalPath`): `personal` seals `{from?, to?}`.
 */
export const ChangeRecord = z.union([
  z.object({ path: z.string().min(1), from: JsonValue.optional(), to: JsonValue.optional() }).strict(),
  z.object({ path: z.string().min(1), personal: Sealed }).strict(),
]);
export type ChangeRecord = z.infer<typeof ChangeRecord>;
