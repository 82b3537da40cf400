import { z } from 'zod';
import { Uuid } from '../proposals/fields.ts';
import { BlindIndex } from '../proposals/personal.ts';

/**
 * Forgetting a person on request (UU 27/2022 PDP, the right to erasure; docs/security.md "How to
 * forget a person"). Intake destroys the subject keys first (crypto-shredding) and then appends
 * `PersonForgotten` on a stream of its own (`erasure-<erasureId>`, topic `intake.proposals.v1`);
 * every service drops or blanks that person's rows in its read models when it reads the event,
 * also on a rebuild. Who asked and why ride in the metadata (`actor`, `reason`).
 *
 * No personal data: `nikIndex` is the blind index the log already carries in clear beside every
 * sealed block of the person (read models need it to find their rows), the subjects are
 * pseudonymous ids, the proposal ids are ids.
 */
export const PersonForgottenData = z
  .object({
    erasureId: Uuid,
    nikIndex: BlindIndex,
    /** Subjects whose keys were destroyed: `person:<nikIndex>`, `proposal:<id>` of each household the person headed, `complaint:<id>` of each complaint about them. */
    subjects: z.array(z.string().min(1).max(200)).min(1).max(3_000),
    /** Every proposal that names the person (as a member, or the person a change is about). */
    proposalIds: z.array(Uuid).max(1_000),
    /**
     * The proposals whose household-level data (address, location, phone, KK number, income band,
     * evidence files and their geotags) was forgotten with the person, who heads that household.
     */
    householdProposalIds: z.array(Uuid).max(1_000),
    /**
     * Complaints about the person (their NIK given as whom a complaint concerns): the key of each,
     * `complaint:<id>`, is among the subjects (its texts name the person); absent in erasures
     * recorded before complaints were covered.
     */
    complaintIds: z.array(Uuid).max(1_000).optional(),
  })
  .strict();
export type PersonForgottenData = z.infer<typeof PersonForgottenData>;

export const ErasureSchemas = {
  PersonForgotten: { schemaVersion: 1, data: PersonForgottenData },
} as const;

export const ERASURE_STREAM_PREFIX = 'erasure-';
export const erasureStream = (erasureId: string): string => `${ERASURE_STREAM_PREFIX}${erasureId}`;

/** A blind index no NIK has (all zeros): what a forgotten person's index becomes in a read model. */
export const FORGOTTEN_INDEX = '0'.repeat(64);

/** The `PersonForgotten` data of an event, or undefined for any other event. */
export function personForgottenOf(event: { type: string; data: unknown }): PersonForgottenData | undefined {
  if (event.type !== 'PersonForgotten') return undefined;
  const parsed = PersonForgottenData.safeParse(event.data);
  return parsed.success ? parsed.data : undefined;
}
