import { z } from 'zod';
import { DeactivationReason, RemovalReason } from './enums.ts';
import { CalendarDate, KkNumber, Nik, PersonName, Reason, Uuid, VillageCode } from './fields.ts';
import { HouseholdData, Member } from './household.ts';

/**
 * What a proposal asks for, by type (DOMAIN.md "Proposal types"). Every variant names its
 * village (`household.regionCode` or `regionCode`), which decides scope and window.
 * `householdId` is the registry's stable household id (never the KK number).
 */

export const NewHouseholdContent = z.object({ type: z.literal('new_household'), household: HouseholdData }).strict();

/** Data correction: the household as it should be, or NIK corrections from the population registry. */
export const UpdateContent = z
  .object({
    type: z.literal('update'),
    householdId: Uuid.optional(),
    regionCode: VillageCode,
    household: HouseholdData.optional(),
    nikCorrections: z
      .array(z.object({ oldNik: Nik, newNik: Nik, name: PersonName }).strict())
      .min(1)
      .max(30)
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.household === undefined) === (value.nikCorrections === undefined))
      ctx.addIssue({ code: 'custom', path: ['household'], message: 'update.household_or_corrections' });
    if (value.household !== undefined && value.householdId === undefined)
      ctx.addIssue({ code: 'custom', path: ['householdId'], message: 'required' });
    if (value.household !== undefined && value.household.regionCode !== value.regionCode)
      ctx.addIssue({ code: 'custom', path: ['household', 'regionCode'], message: 'region.mismatch' });
  });

export const AddMemberContent = z
  .object({
    type: z.literal('add_member'),
    householdId: Uuid,
    regionCode: VillageCode,
    members: z.array(Member).min(1).max(20),
  })
  .strict();

export const RemovedMember = z
  .object({ nik: Nik, name: PersonName, reason: RemovalReason, effectiveDate: CalendarDate.optional() })
  .strict();
export type RemovedMember = z.infer<typeof RemovedMember>;

export const RemoveMemberContent = z
  .object({
    type: z.literal('remove_member'),
    householdId: Uuid,
    regionCode: VillageCode,
    members: z.array(RemovedMember).min(1).max(20),
  })
  .strict();

/** The person an `adminduk` deactivation is about (the registry household is found by NIK). */
export const DeactivatedPerson = z.object({ nik: Nik, name: PersonName, birthDate: CalendarDate.optional() }).strict();

export const DeactivateContent = z
  .object({
    type: z.literal('deactivate'),
    householdId: Uuid.optional(),
    regionCode: VillageCode,
    reason: DeactivationReason,
    effectiveDate: CalendarDate.optional(),
    person: DeactivatedPerson.optional(),
    kkNumber: KkNumber.optional(),
    note: Reason.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.householdId === undefined && value.person === undefined && value.kkNumber === undefined)
      ctx.addIssue({ code: 'custom', path: ['householdId'], message: 'deactivate.target_required' });
  });

export const ReactivateContent = z
  .object({ type: z.literal('reactivate'), householdId: Uuid, regionCode: VillageCode, note: Reason })
  .strict();

/** Pecah KK: `household` is the new household formed from members of `householdId`. */
export const SplitHouseholdContent = z
  .object({ type: z.literal('split_household'), householdId: Uuid, household: HouseholdData })
  .strict();

export const ProposalContent = z.discriminatedUnion('type', [
  NewHouseholdContent,
  UpdateContent,
  AddMemberContent,
  RemoveMemberContent,
  DeactivateContent,
  ReactivateContent,
  SplitHouseholdContent,
]);
export type ProposalContent = z.infer<typeof ProposalContent>;
export type ProposalContentOf<T extends ProposalContent['type']> = Extract<ProposalContent, { type: T }>;

/** The village a proposal is about. */
export function contentRegion(content: ProposalContent): string {
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      return content.household.regionCode;
    case 'update':
    case 'add_member':
    case 'remove_member':
    case 'deactivate':
    case 'reactivate':
      return content.regionCode;
    default: {
      const unreachable: never = content;
      return unreachable;
    }
  }
}
