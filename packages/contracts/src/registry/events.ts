import { z } from 'zod';
import { DeactivationReason, RemovalReason } from '../proposals/enums.ts';
import { CalendarDate, Uuid, VillageCode } from '../proposals/fields.ts';
import { BlindIndex, Sealed } from '../proposals/personal.ts';
import { HouseholdRecord, JsonValue, MemberRecord, PersonRecord } from '../proposals/records.ts';

/**
 * Events of the Household aggregate (stream `household-<householdId>`, topic
 * `registry.households.v1`). The household id is the registry's stable internal UUID; the KK
 * number is an attribute (sealed in `personal`, `kkIndex` in clear) whose changes are
 * recorded like any other field. Every event names the proposal that caused it and the
 * household's village (`regionCode`, after the change). Who approved it rides in the
 * metadata (`actor`), with the proposal's channel and `causationId` = the intake event
 * `ProposalApproved` it applies; the operators who drafted and amended the proposal are in
 * intake's history under the same `proposalId`. Personal data stays sealed exactly as intake
 * sealed it (same subjects); NIK and KK blind indexes are in clear.
 */

export const HouseholdStatus = z.enum(['active', 'inactive']);
export type HouseholdStatus = z.infer<typeof HouseholdStatus>;

/** Fields every household event carries. */
const common = { householdId: Uuid, proposalId: Uuid, regionCode: VillageCode };

/**
 * A new household entered the registry: from a `new_household` proposal, or as the new
 * half of a split (`splitFrom` names the household it was split off). `household` is the
 * proposal's stored record as it was approved.
 */
export const HouseholdRegisteredData = z.strictObject({
  ...common,
  household: HouseholdRecord,
  splitFrom: Uuid.optional(),
});

/**
 * One changed field of a household. Paths are dotted: `regionCode`, `kkIndex`, `personal`
 * (the sealed address/location/phone/KK block), `housing.<field>`, `programmes`,
 * `members.<nikIndex>` (a whole member, added when `from` is absent, removed when `to` is
 * absent), `members.<nikIndex>.<field>`. `from`/`to` absent = the field was absent. Personal
 * values are sealed blocks, never clear text. A NIK correction is
 * `members.<old>.nikIndex` (old → new) followed by `members.<new>.nikCorrection` (sealed
 * `{oldNik, newNik, name}`); changes apply in order.
 */
export const FieldChange = z.strictObject({
  path: z.string().min(1).max(300),
  from: JsonValue.optional(),
  to: JsonValue.optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const HouseholdUpdatedData = z.strictObject({
  ...common,
  changes: z.array(FieldChange).min(1),
});

export const MemberAddedData = z.strictObject({ ...common, member: MemberRecord });

/** `personal` is the proposal's sealed `{nik, name}` of the member, copied. */
export const MemberRemovedData = z.strictObject({
  ...common,
  nikIndex: BlindIndex,
  reason: RemovalReason,
  effectiveDate: CalendarDate.optional(),
  personal: Sealed,
});

/**
 * `date` is the proposal's effective date, else the approval's date (WIB). `person` is the
 * population-registry person it was about (adminduk), `personal` the sealed `{kkNumber?, note?}`.
 */
export const HouseholdDeactivatedData = z.strictObject({
  ...common,
  reason: DeactivationReason,
  date: CalendarDate,
  person: PersonRecord.optional(),
  personal: Sealed.optional(),
});

/** `personal` is the sealed `{note}` of the proposal. */
export const HouseholdReactivatedData = z.strictObject({ ...common, personal: Sealed });

/**
 * Pecah KK, on the household split: `newHouseholdId` was registered (HouseholdRegistered with
 * `splitFrom`) and `movedMembers` (nik indexes) left this household for it.
 */
export const HouseholdSplitData = z.strictObject({
  ...common,
  newHouseholdId: Uuid,
  movedMembers: z.array(BlindIndex).max(30),
});

/** Event type → current schema version and data schema. */
export const HouseholdEventSchemas = {
  HouseholdRegistered: { schemaVersion: 1, data: HouseholdRegisteredData },
  HouseholdUpdated: { schemaVersion: 1, data: HouseholdUpdatedData },
  MemberAdded: { schemaVersion: 1, data: MemberAddedData },
  MemberRemoved: { schemaVersion: 1, data: MemberRemovedData },
  HouseholdDeactivated: { schemaVersion: 1, data: HouseholdDeactivatedData },
  HouseholdReactivated: { schemaVersion: 1, data: HouseholdReactivatedData },
  HouseholdSplit: { schemaVersion: 1, data: HouseholdSplitData },
} as const;
export type HouseholdEventType = keyof typeof HouseholdEventSchemas;
export type HouseholdEventData<T extends HouseholdEventType> = z.infer<(typeof HouseholdEventSchemas)[T]['data']>;
/** A household event as stored: `{type, data}` discriminated by `type`. */
export type HouseholdEvent = {
  [T in HouseholdEventType]: { type: T; data: HouseholdEventData<T> };
}[HouseholdEventType];

export function isHouseholdEventType(type: string): type is HouseholdEventType {
  return Object.hasOwn(HouseholdEventSchemas, type);
}

/** Parses a stored household event's data against its type's schema (throws when invalid). */
export function parseHouseholdEvent(stored: { type: string; data: unknown }): HouseholdEvent {
  if (!isHouseholdEventType(stored.type)) throw new Error(`not a household event: ${stored.type}`);
  return { type: stored.type, data: HouseholdEventSchemas[stored.type].data.parse(stored.data) } as HouseholdEvent;
}
