import type { Queryable } from '@siks/pg';
import type { ActiveHouseholdMatch, ConflictFacts, PendingProposalMatch } from '../checks/facts.ts';

/** Read-model queries behind the duplicate and conflict checks. */

/** Proposal statuses that count as pending for duplicates and conflicts (approved until the registry applied it). */
export const PENDING_SQL = `(p.status IN ('submitted', 'returned', 'corrected', 'verified') OR (p.status = 'approved' AND NOT p.applied))`;

export async function queryActiveByNik(db: Queryable, nikIndexes: readonly string[]): Promise<ActiveHouseholdMatch[]> {
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

export async function queryActiveByKk(db: Queryable, kkIndex: string): Promise<ActiveHouseholdMatch[]> {
  const { rows } = await db.query<{ household_id: string; region_code: string }>(
    `SELECT household_id, region_code FROM verification.households
      WHERE kk_index = $1 AND status = 'active' ORDER BY household_id`,
    [kkIndex],
  );
  return rows.map((row) => ({ householdId: row.household_id, regionCode: row.region_code }));
}

export async function queryPendingByNik(
  db: Queryable,
  proposalId: string,
  nikIndexes: readonly string[],
): Promise<PendingProposalMatch[]> {
  if (nikIndexes.length === 0) return [];
  const { rows } = await db.query<{
    nik_index: string;
    proposal_id: string;
    region_code: string;
    household_id: string | null;
  }>(
    `SELECT pp.nik_index, p.proposal_id, p.region_code, p.household_id
       FROM verification.proposal_people pp JOIN verification.proposals p USING (proposal_id)
      WHERE pp.role = 'member' AND pp.nik_index = ANY($1::text[]) AND p.proposal_id <> $2 AND ${PENDING_SQL}
      ORDER BY pp.nik_index, p.proposal_id`,
    [nikIndexes, proposalId],
  );
  return rows.map((row) => ({
    nikIndex: row.nik_index,
    proposalId: row.proposal_id,
    regionCode: row.region_code,
    householdId: row.household_id ?? undefined,
  }));
}

export async function queryPendingByKk(
  db: Queryable,
  proposalId: string,
  kkIndex: string,
): Promise<PendingProposalMatch[]> {
  const { rows } = await db.query<{ proposal_id: string; region_code: string; household_id: string | null }>(
    `SELECT p.proposal_id, p.region_code, p.household_id FROM verification.proposals p
      WHERE p.kk_index = $1 AND p.proposal_id <> $2 AND ${PENDING_SQL} ORDER BY p.proposal_id`,
    [kkIndex, proposalId],
  );
  return rows.map((row) => ({
    proposalId: row.proposal_id,
    regionCode: row.region_code,
    householdId: row.household_id ?? undefined,
  }));
}

export async function queryConflicts(
  db: Queryable,
  proposalId: string,
  householdId: string | undefined,
  subjectIndexes: readonly string[],
): Promise<ConflictFacts[]> {
  if (householdId === undefined && subjectIndexes.length === 0) return [];
  const { rows } = await db.query<{ proposal_id: string; region_code: string; on_household: boolean }>(
    `SELECT p.proposal_id, p.region_code, bool_or(p.household_id = $2) AS on_household
       FROM verification.proposals p
       LEFT JOIN verification.proposal_people pp
         ON pp.proposal_id = p.proposal_id AND pp.role = 'subject' AND pp.nik_index = ANY($3::text[])
      WHERE p.proposal_id <> $1 AND ${PENDING_SQL}
        AND (p.household_id = $2 OR pp.nik_index IS NOT NULL)
      GROUP BY p.proposal_id, p.region_code ORDER BY p.proposal_id`,
    [proposalId, householdId ?? null, subjectIndexes],
  );
  return rows.map((row) => ({
    proposalId: row.proposal_id,
    regionCode: row.region_code,
    on: row.on_household ? 'household' : 'person',
  }));
}
