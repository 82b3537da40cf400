import { ContentRecord, type Channel, type ProposalType, type Sealed, type WindowKind } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import type { CaseFacts, HouseholdLocation, KkFacts, PersonFacts } from '../checks/facts.ts';
import { loadEvidence, loadReferences, queryPhotoMatches } from './evidence-facts.ts';
import { queryActiveByKk, queryActiveByNik, queryConflicts, queryPendingByKk, queryPendingByNik } from './matches.ts';
import { asRecord, asString, type PersonalDataOpener } from './opened.ts';
import { householdOf, peopleOf } from './people.ts';

export type { PersonalDataOpener };

/** A proposal as the checks need it from the read model. */
export interface ProposalRow {
  proposalId: string;
  regionCode: string;
  proposalType: ProposalType;
  channel: Channel;
  status: string;
  householdId: string | undefined;
  content: ContentRecord;
}

interface ProposalDbRow {
  proposal_id: string;
  region_code: string;
  proposal_type: ProposalType;
  channel: Channel;
  status: string;
  household_id: string | null;
  kk_index: string | null;
  content: unknown;
  window_kind: WindowKind | null;
  first_submitted_at: Date | null;
  last_submitted_at: Date | null;
}

export type LoadedProposal = ProposalRow & { raw: ProposalDbRow };

/** Proposals of the read model by id (those missing or with unreadable content are left out). */
export async function loadProposals(
  db: Queryable,
  proposalIds: readonly string[],
): Promise<Map<string, LoadedProposal>> {
  const found = new Map<string, LoadedProposal>();
  if (proposalIds.length === 0) return found;
  const { rows } = await db.query<ProposalDbRow>(
    'SELECT * FROM verification.proposals WHERE proposal_id = ANY($1::uuid[])',
    [proposalIds],
  );
  for (const row of rows) {
    const content = ContentRecord.safeParse(row.content);
    if (!content.success) continue;
    found.set(row.proposal_id, {
      proposalId: row.proposal_id,
      regionCode: row.region_code,
      proposalType: row.proposal_type,
      channel: row.channel,
      status: row.status,
      householdId: row.household_id ?? undefined,
      content: content.data,
      raw: row,
    });
  }
  return found;
}

/** A proposal's own facts (its people and household block, opened), before the set queries. */
interface OwnFacts {
  proposal: LoadedProposal;
  people: PersonFacts[];
  nikIndexes: string[];
  memberIndexes: string[];
  subjectIndexes: string[];
  kk: KkFacts | undefined;
  location: HouseholdLocation | undefined;
  targetHouseholdId: string | undefined;
}

/**
 * Everything the checks of each proposal look at: its people (opened), the population
 * reference, active households and other pending proposals sharing a NIK or the KK number,
 * its evidence and photos seen elsewhere, conflicting proposals and its window. Set-based: a
 * few statements for all `proposals` together, whatever their number. Runs on the caller's
 * transaction, so it sees the read-model changes of the events being handled.
 */
export async function gatherFacts(
  db: Queryable,
  opener: PersonalDataOpener,
  proposals: readonly LoadedProposal[],
): Promise<Map<string, CaseFacts>> {
  const own = await Promise.all(proposals.map((proposal) => ownFacts(db, opener, proposal)));
  const all = (pick: (facts: OwnFacts) => readonly (string | undefined)[]): string[] => [
    ...new Set(own.flatMap((facts) => pick(facts).filter((value): value is string => value !== undefined))),
  ];
  const ids = own.map((facts) => facts.proposal.proposalId);
  const kkIndexes = all((facts) => [facts.kk?.index]);
  const [references, activeByNik, activeByKk, pendingByNik, pendingByKk, evidence, conflicts, photoMatches] =
    await Promise.all([
      loadReferences(
        db,
        opener,
        all((facts) => facts.nikIndexes),
      ),
      queryActiveByNik(
        db,
        all((facts) => facts.memberIndexes),
      ),
      queryActiveByKk(db, kkIndexes),
      queryPendingByNik(
        db,
        all((facts) => facts.memberIndexes),
      ),
      queryPendingByKk(db, kkIndexes),
      loadEvidence(db, ids, opener),
      queryConflicts(
        db,
        own.map((facts) => ({
          proposalId: facts.proposal.proposalId,
          householdId: facts.targetHouseholdId,
          subjectIndexes: facts.subjectIndexes,
        })),
      ),
      queryPhotoMatches(db, ids),
    ]);
  const result = new Map<string, CaseFacts>();
  for (const facts of own) {
    const { proposal, kk } = facts;
    const { proposalId } = proposal;
    const niks = new Set(facts.nikIndexes);
    const members = new Set(facts.memberIndexes);
    const asOf = proposal.raw.last_submitted_at ?? proposal.raw.first_submitted_at ?? new Date(0);
    result.set(proposalId, {
      proposalId,
      proposalType: proposal.proposalType,
      regionCode: proposal.regionCode,
      targetHouseholdId: facts.targetHouseholdId,
      people: facts.people,
      kk,
      location: facts.location,
      references: references.filter(
        (ref) => niks.has(ref.nikIndex) || (ref.newNikIndex !== undefined && niks.has(ref.newNikIndex)),
      ),
      activeByNik: activeByNik.filter((match) => members.has(match.nikIndex)),
      activeByKk: kk ? activeByKk.filter((row) => row.kkIndex === kk.index).map((row) => row.match) : [],
      pendingByNik: pendingByNik.filter((match) => members.has(match.nikIndex) && match.proposalId !== proposalId),
      pendingByKk: kk
        ? pendingByKk
            .filter((row) => row.kkIndex === kk.index && row.match.proposalId !== proposalId)
            .map((row) => row.match)
        : [],
      evidence: evidence.get(proposalId) ?? [],
      photoMatches: photoMatches.get(proposalId) ?? [],
      conflicts: conflicts.get(proposalId) ?? [],
      window: {
        kind: proposal.raw.window_kind ?? undefined,
        submittedAt: proposal.raw.first_submitted_at?.toISOString(),
      },
      asOf,
    });
  }
  return result;
}

async function ownFacts(db: Queryable, opener: PersonalDataOpener, proposal: LoadedProposal): Promise<OwnFacts> {
  const { content } = proposal;
  const sealedPeople = peopleOf(content);
  const people: PersonFacts[] = await Promise.all(
    sealedPeople.map(async (person) => {
      const opened = await opener.open(person.personal);
      const fields = asRecord(opened);
      return {
        path: person.path,
        nikIndex: person.nikIndex,
        role: person.role,
        nik: asString(fields['nik']) ?? asString(fields['newNik']),
        name: asString(fields['name']),
        birthDate: asString(fields['birthDate']),
        sex: person.sex,
        relationship: person.relationship,
        forgotten: opened === undefined,
      };
    }),
  );
  const nikIndexes = [...new Set(sealedPeople.map((person) => person.nikIndex))];
  const memberIndexes = [...new Set(sealedPeople.filter((p) => p.role === 'member').map((p) => p.nikIndex))];
  const subjectIndexes = [...new Set(sealedPeople.filter((p) => p.role === 'subject').map((p) => p.nikIndex))];

  const household = householdOf(content);
  let kk: KkFacts | undefined;
  let location: HouseholdLocation | undefined;
  if (household) {
    const opened = await opener.open(household.personal);
    const fields = asRecord(opened);
    if (household.kkIndex)
      kk = {
        path: 'household.kkNumber',
        index: household.kkIndex,
        number: asString(fields['kkNumber']),
        forgotten: opened === undefined,
      };
    location = locationOf(fields['location']);
  }

  const targetHouseholdId =
    proposal.householdId ?? (await resolveHousehold(db, content, proposal.regionCode, subjectIndexes));
  // Only a household of the proposal's own village lends its location: a proposal naming a
  // household elsewhere must not learn where that house is from a photo's distance.
  if (!location && targetHouseholdId)
    location = await registryLocation(db, opener, targetHouseholdId, proposal.regionCode);
  return { proposal, people, nikIndexes, memberIndexes, subjectIndexes, kk, location, targetHouseholdId };
}

function locationOf(value: unknown): HouseholdLocation | undefined {
  const fields = asRecord(value);
  const { lat, lon, accuracyM } = fields;
  if (typeof lat !== 'number' || typeof lon !== 'number') return undefined;
  return { lat, lon, ...(typeof accuracyM === 'number' ? { accuracyM } : {}) };
}

/**
 * A deactivation names its household by person or KK number: find it among the active
 * households of the proposal's own village (never elsewhere: a village operator may not reach,
 * nor learn anything of, another village's household).
 */
async function resolveHousehold(
  db: Queryable,
  content: ContentRecord,
  regionCode: string,
  subjectIndexes: readonly string[],
): Promise<string | undefined> {
  if (content.type !== 'deactivate') return undefined;
  if (subjectIndexes.length > 0) {
    const byPerson = await db.query<{ household_id: string }>(
      `SELECT m.household_id FROM verification.household_members m
         JOIN verification.households h USING (household_id)
        WHERE m.nik_index = ANY($1::text[]) AND h.status = 'active' AND h.region_code = $2
        ORDER BY m.household_id LIMIT 1`,
      [subjectIndexes, regionCode],
    );
    if (byPerson.rows[0]) return byPerson.rows[0].household_id;
  }
  if (content.kkIndex) {
    const byKk = await db.query<{ household_id: string }>(
      `SELECT household_id FROM verification.households
        WHERE kk_index = $1 AND status = 'active' AND region_code = $2 ORDER BY household_id LIMIT 1`,
      [content.kkIndex, regionCode],
    );
    return byKk.rows[0]?.household_id;
  }
  return undefined;
}

async function registryLocation(
  db: Queryable,
  opener: PersonalDataOpener,
  householdId: string,
  regionCode: string,
): Promise<HouseholdLocation | undefined> {
  const row = (
    await db.query<{ personal: Sealed | null }>(
      'SELECT personal FROM verification.households WHERE household_id = $1 AND region_code = $2',
      [householdId, regionCode],
    )
  ).rows[0];
  if (!row?.personal) return undefined;
  return locationOf(asRecord(await opener.open(row.personal))['location']);
}
