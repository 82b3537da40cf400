import { z } from 'zod';
import { Nik, Uuid, VillageCode } from '../proposals/fields.ts';
import { BlindIndex } from '../proposals/personal.ts';

/**
 * The citizens' status check (Cek Bansos): `POST /v1/public/status` at the gateway, answered by
 * the registry. No account; the answer is deliberately thin (DOMAIN.md "Citizens' side").
 */

/** What a citizen gives: the NIK, the name as on the KTP and the village they live in. */
export const PublicStatusBody = z.strictObject({
  nik: Nik,
  name: z.string().trim().min(1, { error: 'name.required' }).max(100),
  villageCode: VillageCode,
});
export type PublicStatusBody = z.infer<typeof PublicStatusBody>;

/** The stage of an open proposal as the public sees it (coarser than the internal statuses). */
export const PublicProposalStage = z.enum(['submitted', 'in_verification', 'returned', 'approved', 'rejected']);
export type PublicProposalStage = z.infer<typeof PublicProposalStage>;

/**
 * The answer: in the registry (`active`), no longer (`inactive`) or not found — a wrong name
 * answers exactly as an unknown NIK — and the stages of proposals concerning the person or
 * their household, newest first, without ids, types or anyone's data.
 */
export const PublicStatusAnswer = z.strictObject({
  villageCode: VillageCode,
  registry: z.enum(['active', 'inactive', 'not_found']),
  proposals: z.array(z.strictObject({ stage: PublicProposalStage, updatedOn: z.iso.date() })).max(5),
});
export type PublicStatusAnswer = z.infer<typeof PublicStatusAnswer>;

/**
 * Someone checked a status through the public form (an access event, DESIGN.md §6). The NIK
 * travels as its blind index only; `matched` says whether NIK, name and village matched.
 */
export const PublicStatusCheckedData = z.strictObject({
  nikIndex: BlindIndex,
  matched: z.boolean(),
  householdIds: z.array(Uuid).max(10),
  regionCode: VillageCode,
});
