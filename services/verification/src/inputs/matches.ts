import type { Queryable } from '@siks/pg';
import type { ActiveHouseholdMatch, ConflictFacts, PendingProposalMatch } from '../checks/facts.ts';

/**
 * Read-model queries behind the duplicate and conflict checks, set-based: one statement for the
 * proposals of a whole batch; each proposal then takes its own rows (`gather.ts`).
 */

/** Proposal statuses that count as pending for duplicates and conflicts (approved until the registry applied it). */
export const PENDING_SQL = `(p.status IN ('submitted', 'returned', 'corrected', 'verified') OR (p.status = 'approved' AND NOT p.applied))`;

/** Active registry households with a member of one of these NIKs, ordered by NIK and household. */
export async function queryActiveByNik(
  db: Queryable,
  nikIndexes: readonly string[],
): Promise<(ActiveHouseholdMatch & { nikIndex: string })[]> {
  if (nikIndexes.length === 0) return [];
  const { rows } = await db.query<{ nik_index: string; household_id: string; region_code: string }>(
    `SELECT m.nik_index, h.household_id, h.region_code FROM verification.household_members m
       JOIN verification.households h USING (household_id)
      WHERE m.nik_index = ANY($1::text[]) AND h.status = 'active'
      ORDER BY m.nik_index, h.household_id`,
    [nikIndexes],
  );
  return rows.map((row) => ({ nikIndex: row.nik_index, householdId: row.household_id, regionCode: row.region_code }));
}

/** Active registry households of one of these KK numbers, with the KK, ordered by KK and household. */
export async function queryActiveByKk(
  db: Queryable,
  kkIndexes: readonly string[],
): Promise<{ kkIndex: string; match: ActiveHouseholdMatch }[]> {
  if (kkIndexes.length === 0) return [];
  const { rows } = await db.query<{ kk_index: string; household_id: string; region_code: string }>(
    `SELECT kk_index, household_id, region_code FROM verification.households
      WHERE kk_index = ANY($1::text[]) AND status = 'active' ORDER BY kk_index, household_id`,
    [kkIndexes],
  );
  return rows.map((row) => ({
    kkIndex: row.kk_index,
    match: { householdId: row.household_id, regionCode: row.region_code },
  }));
}

/**
 * Pending proposals with a member of one of these NIKs, ordered by NIK and proposal (each asking
 * proposal leaves itself out).
 */
export async function queryPendingByNik(
  db: Queryable,
  nikIndexes: readonly string[],
): Promise<(PendingProposalMatch & { nikIndex: string })[]> {
  if (nikIndexes.length === 0) return [];
  const { rows } = await db.query<{
    nik_index: string;
    proposal_id: string;
    region_code: string;
    household_id: string | null;
  }>(
    `SELECT pp.nik_index, p.proposal_id, p.region_code, p.household_id
       FROM verification.proposal_people pp JOIN verification.proposals p USING (proposal_id)
      WHERE pp.role = 'member' AND pp.nik_index = ANY($1::text[]) AND ${PENDING_SQL}
      ORDER BY pp.nik_index, p.proposal_id`,
    [nikIndexes],
  );
  return rows.map((row) => ({
    nikIndex: row.nik_index,
    proposalId: row.proposal_id,
    regionCode: row.region_code,
    householdId: row.household_id ?? undefined,
  }));
}

/** Pending proposals of one of these KK numbers, with the KK, ordered by KK and proposal. */
export async function queryPendingByKk(
  db: Queryable,
  kkIndexes: readonly string[],
): Promise<{ kkIndex: string; match: PendingProposalMatch }[]> {
  if (kkIndexes.length === 0) return [];
  const { rows } = await db.query<{
    kk_index: string;
    proposal_id: string;
    region_code: string;
    household_id: string | null;
  }>(
    `SELECT p.kk_index, p.proposal_id, p.region_code, p.household_id FROM verification.proposals p
      WHERE p.kk_index = ANY($1::text[]) AND ${PENDING_SQL} ORDER BY p.kk_index, p.proposal_id`,
    [kkIndexes],
  );
  return rows.map((row) => ({
    kkIndex: row.kk_index,
    match: { proposalId: row.proposal_id, regionCode: row.region_code, householdId: row.household_id ?? undefined },
  }));
}

/** What the conflict query needs of one asking proposal. */
export interface ConflictQuery {
  proposalId: string;
  householdId: string | undefined;
  subjectIndexes: readonly string[];
}

/**
 * Other pending proposals on the same registry household or about the same person, per asking
 * proposal (ordered by the other proposal's id). Askers with neither a household nor a subject
 * get nothing.
 */
export async function queryConflicts(
  db: Queryable,
  queries: readonly ConflictQuery[],
): Promise<Map<string, ConflictFacts[]>> {
  const asked = queries.filter((query) => query.householdId !== undefined || query.subjectIndexes.length > 0);
  const found = new Map<string, ConflictFacts[]>(queries.map((query) => [query.proposalId, []]));
  if (asked.length === 0) return found;
  const input = asked.map((query) => ({
    p: query.proposalId,
    h: query.householdId ?? null,
    s: query.subjectIndexes,
  }));
  const { rows } = await db.query<{ asker: string; proposal_id: string; region_code: string; on_household: boolean }>(
    `WITH asked AS (
       SELECT (a->>'p')::uuid AS proposal_id, (a->>'h')::uuid AS household_id,
              ARRAY(SELECT jsonb_array_elements_text(a->'s')) AS subjects
         FROM jsonb_array_elements($1::jsonb) AS a)
     SELECT asked.proposal_id AS asker, c.proposal_id, c.region_code, c.on_household
       FROM asked CROSS JOIN LATERAL (
         -- Candidates from the two indexes (household, subject NIK), then the pending ones of them:
         -- an OR over a LEFT JOIN would read every pending proposal for each asker.
         SELECT p.proposal_id, p.region_code, bool_or(m.on_household) AS on_household
           FROM (SELECT h.proposal_id, true AS on_household FROM verification.proposals h
                  WHERE h.household_id = asked.household_id
                 UNION ALL
                 SELECT pp.proposal_id, false FROM verification.proposal_people pp
                  WHERE pp.role = 'subject' AND pp.nik_index = ANY(asked.subjects)) m
           JOIN verification.proposals p ON p.proposal_id = m.proposal_id
          WHERE p.proposal_id <> asked.proposal_id AND ${PENDING_SQL}
          GROUP BY p.proposal_id, p.region_code) c
      ORDER BY asker, c.proposal_id`,
    [JSON.stringify(input)],
  );
  for (const row of rows)
    found.get(row.asker)?.push({
      proposalId: row.proposal_id,
      regionCode: row.region_code,
      on: row.on_household ? 'household' : 'person',
    });
  return found;
}
