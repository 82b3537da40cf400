import type { Sealed } from '@siks/contracts';
import { maskNik } from '@siks/pii';
import { z } from 'zod';
import type { HouseholdState, MemberState } from '../households/state.ts';
import { isHead } from '../households/state.ts';
import type { AccessLevel } from './access-level.ts';
import type { HouseholdListItem, HouseholdView, MemberView } from './schemas.ts';

type HousingView = NonNullable<HouseholdView['housing']>;

/** Opens sealed values (the keyring); undefined when the subject was forgotten. */
export interface Opener {
  open(sealed: Sealed): Promise<unknown>;
}

// Lenient readers of what the seals hold (their authority is intake's contracts).
const MemberSecrets = z.object({
  nik: z.string(),
  name: z.string(),
  birthDate: z.string().optional(),
  birthPlace: z.string().optional(),
  motherName: z.string().optional(),
  // In the seal since it stopped travelling in clear; older records keep it in clear.
  disability: z.string().optional(),
});
const CorrectionSecrets = z.object({ newNik: z.string() });
const HouseholdSecrets = z.object({
  address: z.unknown().optional(),
  location: z.unknown().optional(),
  phone: z.string().optional(),
  kkNumber: z.string().optional(),
  // Likewise the income band (older records keep it in clear in `housing`).
  incomeBand: z.string().optional(),
});

async function openAs<S extends z.ZodType>(
  opener: Opener,
  sealed: Sealed,
  schema: S,
): Promise<z.output<S> | undefined> {
  const value = await opener.open(sealed);
  return value === undefined ? undefined : schema.parse(value);
}

/** A member's personal data: nik (corrected if a correction applies), name, birth data. */
export async function openMember(
  opener: Opener,
  member: MemberState,
): Promise<z.output<typeof MemberSecrets> | undefined> {
  const secrets = await openAs(opener, member.personal, MemberSecrets);
  if (secrets === undefined || member.nikCorrection === undefined) return secrets;
  const correction = await openAs(opener, member.nikCorrection, CorrectionSecrets);
  return correction === undefined ? secrets : { ...secrets, nik: correction.newNik };
}

export async function memberView(opener: Opener, member: MemberState, level: AccessLevel): Promise<MemberView> {
  const {
    nikIndex: _index,
    personal: _personal,
    nikCorrection: _correction,
    disability: clearDisability,
    ...rest
  } = member;
  const secrets = await openMember(opener, member);
  const disability = (secrets?.disability ?? clearDisability) as MemberView['disability'];
  // A forgotten member's disability is gone with the rest of their data (or scrubbed if it was in clear).
  const clear = { ...rest, ...(disability !== undefined ? { disability } : {}) };
  if (secrets === undefined) return { ...clear, personalDataForgotten: true };
  if (level === 'masked') return { ...clear, nik: maskNik(secrets.nik), name: secrets.name };
  const { nik, name, birthDate, birthPlace, motherName } = secrets;
  return {
    ...clear,
    nik,
    name,
    ...(birthDate !== undefined ? { birthDate } : {}),
    ...(birthPlace !== undefined ? { birthPlace } : {}),
    ...(motherName !== undefined ? { motherName } : {}),
  };
}

export interface ViewPosition {
  revision: number;
  updatedAt: string;
  asOf?: string;
}

/** A household as answered to a reader with `level` access. */
export async function householdView(
  opener: Opener,
  state: HouseholdState,
  level: AccessLevel,
  position: ViewPosition,
): Promise<HouseholdView> {
  const { doc } = state;
  const [secrets, members] = await Promise.all([
    openAs(opener, doc.personal, HouseholdSecrets),
    Promise.all(doc.members.map((member) => memberView(opener, member, level))),
  ]);
  const { incomeBand, ...identity } = secrets ?? {};
  const personal =
    secrets === undefined
      ? {}
      : level === 'masked'
        ? secrets.kkNumber !== undefined
          ? { kkNumber: maskNik(secrets.kkNumber) }
          : {}
        : identity;
  const band = (doc.housing?.incomeBand ?? incomeBand) as HousingView['incomeBand'];
  const housing: HousingView | undefined =
    doc.housing === undefined ? undefined : { ...doc.housing, ...(band !== undefined ? { incomeBand: band } : {}) };
  return {
    householdId: state.householdId,
    regionCode: doc.regionCode,
    status: state.status,
    ...(state.deactivation ? { deactivation: state.deactivation } : {}),
    ...(personal as Pick<HouseholdView, 'kkNumber' | 'address' | 'location' | 'phone'>),
    ...(housing !== undefined ? { housing } : {}),
    programmes: doc.programmes,
    members,
    ...(state.splitFrom !== undefined ? { splitFrom: state.splitFrom } : {}),
    splits: state.splits,
    proposalIds: state.proposalIds,
    revision: position.revision,
    updatedAt: position.updatedAt,
    ...(position.asOf !== undefined ? { asOf: position.asOf } : {}),
    ...(secrets === undefined ? { personalDataForgotten: true as const } : {}),
  };
}

/** A household in a list: KK and the head's NIK masked, the head's name. */
export async function listItem(
  opener: Opener,
  state: HouseholdState,
  position: { revision: number; updatedAt: string },
): Promise<HouseholdListItem> {
  const { doc } = state;
  const head = doc.members.find(isHead) ?? doc.members[0];
  const [secrets, headSecrets] = await Promise.all([
    openAs(opener, doc.personal, HouseholdSecrets),
    head ? openMember(opener, head) : Promise.resolve(undefined),
  ]);
  return {
    householdId: state.householdId,
    regionCode: doc.regionCode,
    status: state.status,
    ...(secrets?.kkNumber !== undefined ? { kkNumber: maskNik(secrets.kkNumber) } : {}),
    ...(headSecrets ? { head: { nik: maskNik(headSecrets.nik), name: headSecrets.name } } : {}),
    memberCount: doc.members.length,
    revision: position.revision,
    updatedAt: position.updatedAt,
  };
}
