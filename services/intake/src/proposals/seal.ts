import {
  ContentRecord,
  HouseholdPersonal,
  MemberPersonal,
  isPersonalPath,
  type ChangeRecord,
  type HouseholdData,
  type HouseholdRecord,
  type Housing,
  type HousingRecord,
  type JsonValue,
  type Member,
  type MemberRecord,
  type ProposalContent,
  type Sealed,
} from '@siks/contracts';
import { canonicalJson } from '@siks/eventstore';
import { z } from 'zod';
import type { Change } from './events.ts';

/**
 * Converts proposal content between its clear form (commands, `decide`, `evolve`) and its
 * stored form (`ContentRecord` of `@siks/contracts`, personal fields sealed; see
 * contracts/src/proposals/personal.ts). `@siks/pii`'s `Keyring` satisfies both ports.
 * Subjects: a member's data is sealed under `person:<nikIndex>` (forgetting a person shreds
 * it in every proposal), household-level data under `proposal:<proposalId>`.
 */
export interface PersonalDataSealer {
  /** `field` is bound into the value's AAD with its subject (`SEALED_FIELDS`). */
  seal(subjectId: string, value: unknown, field?: string): Promise<Sealed>;
  /** Seals many values (of many subjects) at once, in order; used when present to batch key look-ups. */
  sealAll?(items: readonly { subjectId: string; value: unknown; field?: string | undefined }[]): Promise<Sealed[]>;
  blindIndex(purpose: string, value: string): string;
  /**
   * The indexes the log knows these values by (`Keyring.identityIndexes`): during and after a
   * blind-index key rotation a person keeps the index they had. Without it, `blindIndex`.
   */
  identityIndexes?(purpose: string, values: readonly string[], options?: { record?: boolean }): Promise<string[]>;
}
export interface PersonalDataOpener {
  /** The value; undefined when the subject was forgotten. Refused when sealed as another `field`. */
  open(sealed: Sealed, field?: string): Promise<unknown>;
}

/**
 * The field each sealed block of a proposal is bound to (AAD with its subject): a block moved
 * into another place of the same subject no longer opens there. Values sealed before fields were
 * bound (`$sealed: 1`) open in any place.
 */
export const SEALED_FIELDS = {
  member: 'member',
  household: 'household',
  person: 'person',
  nikCorrection: 'nik_correction',
  deactivation: 'deactivation',
  note: 'note',
  change: 'change',
  reference: 'reference',
} as const;

export const personSubject = (nikIndex: string): string => `person:${nikIndex}`;
export const proposalSubject = (proposalId: string): string => `proposal:${proposalId}`;

const BATCHED = Symbol('batched');

/**
 * A sealer that gathers the `seal` calls made in the same turn of the event loop (the
 * concurrent seals of a household and its members) into one `sealAll`, so a new household
 * costs one key look-up and at most one key insert instead of a round trip per subject.
 * Calls made later (after an await) form the next batch. Without `sealAll`, it is the sealer.
 */
export function batchingSealer(sealer: PersonalDataSealer): PersonalDataSealer {
  const sealAll = sealer.sealAll?.bind(sealer);
  if (!sealAll || BATCHED in sealer) return sealer;
  type Pending = {
    subjectId: string;
    value: unknown;
    field: string | undefined;
    resolve: (s: Sealed) => void;
    reject: (e: unknown) => void;
  };
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    sealAll(batch.map(({ subjectId, value, field }) => ({ subjectId, value, field }))).then(
      (sealed) =>
        batch.forEach((item, index) => {
          const value = sealed[index];
          if (value) item.resolve(value);
          else item.reject(new Error('batchingSealer: sealAll returned too few values'));
        }),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
  };
  return {
    [BATCHED]: true,
    seal: (subjectId, value, field) =>
      new Promise<Sealed>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ subjectId, value, field, resolve, reject });
      }),
    sealAll,
    blindIndex: (purpose, value) => sealer.blindIndex(purpose, value),
    ...(sealer.identityIndexes ? { identityIndexes: sealer.identityIndexes.bind(sealer) } : {}),
  } as PersonalDataSealer;
}

/**
 * The content before an amendment, clear and as stored: a member (or household block) whose
 * personal fields did not change keeps its sealed block as it was, so readers of the log see
 * only what really changed.
 */
export interface PreviousContent {
  content: ProposalContent;
  record: ContentRecord;
}

const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** The member's sealed block: identity and `disability` (health data, a special category). */
function memberPersonal(member: Member): object {
  const { nik, name, birthDate, birthPlace, motherName, disability } = member;
  return { nik, name, birthDate, birthPlace, ...(motherName !== undefined ? { motherName } : {}), disability };
}

/** The household's sealed block: address, location, phone, KK and the income band. */
function householdPersonal(household: HouseholdData): object {
  const { address, location, phone, kkNumber, housing } = household;
  return {
    address,
    ...(location !== undefined ? { location } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(kkNumber !== undefined ? { kkNumber } : {}),
    ...(housing !== undefined ? { incomeBand: housing.incomeBand } : {}),
  };
}

/** The sealed blocks of the previous content that may be kept: members by NIK, the household's own. */
interface Kept {
  member(member: Member): Sealed | undefined;
  household(household: HouseholdData): Sealed | undefined;
}

function keptFrom(previous: PreviousContent | undefined, sealer: PersonalDataSealer): Kept {
  const none: Kept = { member: () => undefined, household: () => undefined };
  if (!previous) return none;
  const { content, record } = previous;
  const clearMembers =
    'household' in content && content.household
      ? content.household.members
      : content.type === 'add_member'
        ? content.members
        : [];
  const recordMembers: readonly MemberRecord[] =
    'household' in record && record.household
      ? record.household.members
      : record.type === 'add_member'
        ? record.members
        : [];
  const clearHousehold = 'household' in content ? content.household : undefined;
  const recordHousehold = 'household' in record ? record.household : undefined;
  return {
    member(member) {
      const before = clearMembers.find((candidate) => candidate.nik === member.nik);
      if (!before || !sameValue(memberPersonal(before), memberPersonal(member))) return undefined;
      const nikIndex = sealer.blindIndex('nik', member.nik);
      const kept = recordMembers.find((candidate) => candidate.nikIndex === nikIndex);
      // A block sealed before `disability` moved into it lacks it: seal anew rather than keep.
      return kept?.disability === undefined ? kept?.personal : undefined;
    },
    household(household) {
      if (!clearHousehold || !recordHousehold) return undefined;
      // Likewise a block sealed while the income band was still in clear.
      if (recordHousehold.housing?.incomeBand !== undefined) return undefined;
      return sameValue(householdPersonal(clearHousehold), householdPersonal(household))
        ? recordHousehold.personal
        : undefined;
    },
  };
}

/** Keys whose values are indexed: NIKs (`nik`, NIK corrections) and KK numbers. */
const INDEXED: ReadonlyMap<string, 'nik' | 'kk'> = new Map([
  ['nik', 'nik'],
  ['oldNik', 'nik'],
  ['newNik', 'nik'],
  ['kkNumber', 'kk'],
]);

/**
 * A sealer whose `blindIndex` answers from identities resolved up front for every NIK and KK
 * number in `values` (one query for all, and a write records its aliases during a blind-index key
 * rotation; identities.ts of @siks/pii), so the sealing below stays synchronous in its indexes.
 */
export async function withIdentities(
  sealer: PersonalDataSealer,
  values: readonly unknown[],
  options: { record: boolean },
): Promise<PersonalDataSealer> {
  const resolve = sealer.identityIndexes?.bind(sealer);
  if (!resolve) return sealer;
  const found = { nik: new Set<string>(), kk: new Set<string>() };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) {
        const purpose = INDEXED.get(key);
        if (purpose && typeof value === 'string') found[purpose].add(value);
        else visit(value);
      }
  };
  values.forEach(visit);
  const resolved = new Map<string, string>();
  await Promise.all(
    (['nik', 'kk'] as const).map(async (purpose) => {
      const list = [...found[purpose]];
      const indexes = await resolve(purpose, list, options);
      list.forEach((value, i) =>
        resolved.set(`${purpose}\u0000${value}`, indexes[i] ?? sealer.blindIndex(purpose, value)),
      );
    }),
  );
  const wrapped: PersonalDataSealer = {
    seal: (subjectId, value, field) => sealer.seal(subjectId, value, field),
    blindIndex: (purpose, value) => resolved.get(`${purpose}\u0000${value}`) ?? sealer.blindIndex(purpose, value),
  };
  const sealAll = sealer.sealAll?.bind(sealer);
  if (sealAll) wrapped.sealAll = sealAll;
  return wrapped;
}

export async function sealContent(
  content: ProposalContent,
  proposalId: string,
  unbatched: PersonalDataSealer,
  previous?: PreviousContent,
): Promise<ContentRecord> {
  const sealer = batchingSealer(await withIdentities(unbatched, [content], { record: true }));
  const kept = keptFrom(previous, sealer);
  const own = proposalSubject(proposalId);
  const person = async (nik: string, value: object) => {
    const nikIndex = sealer.blindIndex('nik', nik);
    return { nikIndex, personal: await sealer.seal(personSubject(nikIndex), value, SEALED_FIELDS.person) };
  };
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      return { ...content, household: await sealHousehold(content.household, own, sealer, kept) };
    case 'update': {
      const { household, nikCorrections, ...rest } = content;
      return {
        ...rest,
        ...(household ? { household: await sealHousehold(household, own, sealer, kept) } : {}),
        ...(nikCorrections
          ? {
              nikCorrections: await Promise.all(
                nikCorrections.map(async (correction) => ({
                  oldNikIndex: sealer.blindIndex('nik', correction.oldNik),
                  newNikIndex: sealer.blindIndex('nik', correction.newNik),
                  personal: await sealer.seal(own, correction, SEALED_FIELDS.nikCorrection),
                })),
              ),
            }
          : {}),
      };
    }
    case 'add_member':
      return { ...content, members: await Promise.all(content.members.map((m) => sealMember(m, sealer, kept))) };
    case 'remove_member':
      return {
        ...content,
        members: await Promise.all(
          content.members.map(async ({ nik, name, reason, effectiveDate }) => ({
            reason,
            ...(effectiveDate !== undefined ? { effectiveDate } : {}),
            ...(await person(nik, { nik, name })),
          })),
        ),
      };
    case 'deactivate': {
      const { person: subject, kkNumber, note, ...rest } = content;
      const extra = { ...(kkNumber !== undefined ? { kkNumber } : {}), ...(note !== undefined ? { note } : {}) };
      return {
        ...rest,
        ...(subject ? { person: await person(subject.nik, subject) } : {}),
        ...(kkNumber !== undefined ? { kkIndex: sealer.blindIndex('kk', kkNumber) } : {}),
        ...(Object.keys(extra).length > 0
          ? { personal: await sealer.seal(own, extra, SEALED_FIELDS.deactivation) }
          : {}),
      };
    }
    case 'reactivate': {
      const { note, ...rest } = content;
      return { ...rest, personal: await sealer.seal(own, { note }, SEALED_FIELDS.note) };
    }
    default: {
      const unreachable: never = content;
      throw new Error(`sealContent: unknown type ${JSON.stringify(unreachable)}`);
    }
  }
}

async function sealMember(member: Member, sealer: PersonalDataSealer, kept: Kept): Promise<MemberRecord> {
  const {
    nik,
    name: _name,
    birthDate: _birth,
    birthPlace: _place,
    motherName: _mother,
    disability: _disability,
    ...clear
  } = member;
  const nikIndex = sealer.blindIndex('nik', nik);
  const personal =
    kept.member(member) ?? (await sealer.seal(personSubject(nikIndex), memberPersonal(member), SEALED_FIELDS.member));
  return { ...clear, nikIndex, personal };
}

async function sealHousehold(
  household: HouseholdData,
  subject: string,
  sealer: PersonalDataSealer,
  kept: Kept,
): Promise<HouseholdRecord> {
  const { address: _address, location: _location, phone: _phone, kkNumber, members, housing, ...clear } = household;
  // Members and the household's own block are sealed concurrently (each may create a subject key).
  const [sealedMembers, sealedPersonal] = await Promise.all([
    Promise.all(members.map((member) => sealMember(member, sealer, kept))),
    kept.household(household) ?? sealer.seal(subject, householdPersonal(household), SEALED_FIELDS.household),
  ]);
  return {
    ...clear,
    ...(housing !== undefined ? { housing: withoutIncomeBand(housing) } : {}),
    ...(kkNumber !== undefined ? { kkIndex: sealer.blindIndex('kk', kkNumber) } : {}),
    members: sealedMembers,
    personal: sealedPersonal,
  };
}

function withoutIncomeBand(housing: Housing): HousingRecord {
  const { incomeBand: _band, ...rest } = housing;
  return rest;
}

class Forgotten extends Error {}

/** The clear content, or null when any of its personal parts was forgotten. */
export async function openContent(record: ContentRecord, opener: PersonalDataOpener): Promise<ProposalContent | null> {
  try {
    return await openRecord(record, opener);
  } catch (error) {
    if (error instanceof Forgotten) return null;
    throw error;
  }
}

async function openAs<S extends z.ZodType>(
  schema: S,
  sealed: Sealed,
  opener: PersonalDataOpener,
  field: string,
): Promise<z.output<S>> {
  const value = await opener.open(sealed, field);
  if (value === undefined) throw new Forgotten();
  return schema.parse(value);
}

const PersonPersonal = z.object({ nik: z.string(), name: z.string(), birthDate: z.string().optional() }).strict();
const DeactivatePersonal = z.object({ kkNumber: z.string().optional(), note: z.string().optional() }).strict();
const NikCorrectionPersonal = z.object({ oldNik: z.string(), newNik: z.string(), name: z.string() }).strict();

async function openRecord(record: ContentRecord, opener: PersonalDataOpener): Promise<ProposalContent> {
  switch (record.type) {
    case 'new_household':
    case 'split_household':
      return { ...record, household: await openHousehold(record.household, opener) };
    case 'update': {
      const { household, nikCorrections, ...rest } = record;
      return {
        ...rest,
        ...(household ? { household: await openHousehold(household, opener) } : {}),
        ...(nikCorrections
          ? {
              nikCorrections: await Promise.all(
                nikCorrections.map((c) =>
                  openAs(NikCorrectionPersonal, c.personal, opener, SEALED_FIELDS.nikCorrection),
                ),
              ),
            }
          : {}),
      };
    }
    case 'add_member':
      return { ...record, members: await Promise.all(record.members.map((m) => openMember(m, opener))) };
    case 'remove_member':
      return {
        ...record,
        members: await Promise.all(
          record.members.map(async ({ nikIndex: _index, personal, ...clear }) => ({
            ...clear,
            ...(await openAs(PersonPersonal.pick({ nik: true, name: true }), personal, opener, SEALED_FIELDS.person)),
          })),
        ),
      };
    case 'deactivate': {
      const { person, kkIndex: _kk, personal, ...rest } = record;
      return {
        ...rest,
        ...(person ? { person: await openAs(PersonPersonal, person.personal, opener, SEALED_FIELDS.person) } : {}),
        ...(personal ? await openAs(DeactivatePersonal, personal, opener, SEALED_FIELDS.deactivation) : {}),
      };
    }
    case 'reactivate': {
      const { personal, ...rest } = record;
      return {
        ...rest,
        ...(await openAs(z.object({ note: z.string() }).strict(), personal, opener, SEALED_FIELDS.note)),
      };
    }
    default: {
      const unreachable: never = record;
      throw new Error(`openContent: unknown type ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Old records carry `disability` in clear, new ones in the sealed block: either is accepted. */
async function openMember(record: MemberRecord, opener: PersonalDataOpener): Promise<Member> {
  const { nikIndex: _index, personal, disability: clearDisability, ...clear } = record;
  const { disability: sealedDisability, ...opened } = await openAs(
    MemberPersonal,
    personal,
    opener,
    SEALED_FIELDS.member,
  );
  const disability = sealedDisability ?? clearDisability;
  if (disability === undefined) throw new Error('openContent: a member record without disability');
  return { ...clear, ...opened, disability };
}

/** Likewise the income band: in clear in `housing` (old records) or in the sealed block (new ones). */
async function openHousehold(record: HouseholdRecord, opener: PersonalDataOpener): Promise<HouseholdData> {
  const { kkIndex: _kk, personal, members, housing, ...clear } = record;
  const { incomeBand, ...opened } = await openAs(HouseholdPersonal, personal, opener, SEALED_FIELDS.household);
  const band = housing?.incomeBand ?? incomeBand;
  if (housing !== undefined && band === undefined) throw new Error('openContent: housing without an income band');
  return {
    ...clear,
    ...(housing !== undefined && band !== undefined ? { housing: { ...housing, incomeBand: band } } : {}),
    ...opened,
    members: await Promise.all(members.map((member) => openMember(member, opener))),
  };
}

/**
 * Seals the `from`/`to` of personal changes (`isPersonalPath`): a member's under that
 * person's subject (the member at that index after the change, or before it if removed),
 * anything else under the proposal's.
 */
export async function sealChanges(
  changes: readonly Change[],
  context: { proposalId: string; before: ProposalContent; after: ProposalContent },
  unbatched: PersonalDataSealer,
): Promise<ChangeRecord[]> {
  if (!changes.some((change) => isPersonalPath(change.path))) return [...changes];
  const sealer = batchingSealer(await withIdentities(unbatched, [context.before, context.after], { record: true }));
  return Promise.all(
    changes.map(async (change) => {
      if (!isPersonalPath(change.path)) return change;
      const subject = changeSubject(change.path, context, sealer);
      const value = {
        ...(change.from !== undefined ? { from: change.from } : {}),
        ...(change.to !== undefined ? { to: change.to } : {}),
      };
      return { path: change.path, personal: await sealer.seal(subject, value, SEALED_FIELDS.change) };
    }),
  );
}

function changeSubject(
  path: string,
  { proposalId, before, after }: { proposalId: string; before: ProposalContent; after: ProposalContent },
  sealer: PersonalDataSealer,
): string {
  const match = /^(household\.members|members)\.(\d+)(\.|$)/.exec(path);
  if (match) {
    const nik =
      memberNik(after, match[1] ?? '', Number(match[2])) ?? memberNik(before, match[1] ?? '', Number(match[2]));
    if (nik !== undefined) return personSubject(sealer.blindIndex('nik', nik));
  }
  return proposalSubject(proposalId);
}

function memberNik(content: ProposalContent, list: string, index: number): string | undefined {
  if (list === 'household.members' && 'household' in content) return content.household?.members[index]?.nik;
  if (list === 'members' && (content.type === 'add_member' || content.type === 'remove_member'))
    return content.members[index]?.nik;
  return undefined;
}

/** Opens changes; a change of a forgotten subject keeps its path and loses its values. */
export async function openChanges(
  records: readonly ChangeRecord[],
  opener: PersonalDataOpener,
): Promise<(Change & { forgotten?: true })[]> {
  const Values = z.object({ from: z.json().optional(), to: z.json().optional() }).strict();
  return Promise.all(
    records.map(async (record) => {
      if (!('personal' in record)) return record;
      const value = await opener.open(record.personal, SEALED_FIELDS.change);
      if (value === undefined) return { path: record.path, forgotten: true as const };
      const { from, to } = Values.parse(value) as { from?: JsonValue; to?: JsonValue };
      return { path: record.path, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    }),
  );
}
