import { z } from 'zod';
import { Address, Member } from './household.ts';

/**
 * `household` of an *usul* (`POST /v1/intake/complaints`, category `missing_household`): the
 * proposed household as far as a draft new-household proposal needs it — its head as on the KTP
 * (a proposal's member needs all of these; the relationship is `kepala_keluarga`) and its address
 * in the complaint's village. When the village operator triages the usul as founded, intake drafts
 * the proposal from it (channel `complaint`); the operator completes the rest (other members,
 * housing, programmes). Sealed with the complaint's other personal fields.
 */
export const UsulHousehold = z
  .object({
    head: Member.omit({ relationship: true }).strict(),
    address: Address,
  })
  .strict();
export type UsulHousehold = z.infer<typeof UsulHousehold>;
