import {
  Address,
  Disability,
  Education,
  HouseholdStatus,
  HousingRecord,
  Location,
  MaritalStatus,
  Occupation,
  Programme,
  Relationship,
  Sex,
} from '@siks/contracts';
import { z } from 'zod';

/** A member as answered: personal fields present as the access level allows. */
export const MemberView = z.object({
  nik: z.string().optional(),
  name: z.string().optional(),
  birthDate: z.string().optional(),
  birthPlace: z.string().optional(),
  motherName: z.string().optional(),
  relationship: Relationship,
  sex: Sex,
  maritalStatus: MaritalStatus,
  education: Education,
  occupation: Occupation,
  /** Absent when the person was forgotten (it is sealed with their other personal data). */
  disability: Disability.optional(),
  /** The person's data was erased (crypto-shredded): only the non-personal fields remain. */
  personalDataForgotten: z.literal(true).optional(),
});
export type MemberView = z.infer<typeof MemberView>;

export const HouseholdView = z.object({
  householdId: z.uuid(),
  regionCode: z.string(),
  status: HouseholdStatus,
  deactivation: z.object({ reason: z.string(), date: z.string() }).optional(),
  kkNumber: z.string().optional(),
  address: Address.optional(),
  location: Location.optional(),
  phone: z.string().optional(),
  /** `incomeBand` is absent when the household's personal data was forgotten. */
  housing: HousingRecord.optional(),
  programmes: z.array(Programme),
  members: z.array(MemberView),
  splitFrom: z.uuid().optional(),
  splits: z.array(z.uuid()),
  /** The proposals applied to it, oldest first. */
  proposalIds: z.array(z.uuid()),
  /** Revision of the last event included (the stream's, for `If-Match` elsewhere). */
  revision: z.number().int(),
  /** When that event was recorded. */
  updatedAt: z.string(),
  asOf: z.string().optional(),
  personalDataForgotten: z.literal(true).optional(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

/** A household in a list: masked identity numbers, the head's name. */
export const HouseholdListItem = z.object({
  householdId: z.uuid(),
  regionCode: z.string(),
  status: HouseholdStatus,
  kkNumber: z.string().optional(),
  head: z.object({ nik: z.string().optional(), name: z.string().optional() }).optional(),
  memberCount: z.number().int(),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type HouseholdListItem = z.infer<typeof HouseholdListItem>;
