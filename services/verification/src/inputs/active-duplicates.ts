import type { Queryable } from '@siks/pg';

/** Proposal types that put people (or a KK) into a household: the ones that can register someone twice. */
const ADDING_PEOPLE = ['new_household', 'split_household', 'add_member', 'update'];

/**
 * How many other active households hold, right now, a person the proposal puts into a
 * household (its `member` NIK blind indexes) or the KK it states, by the registry read model
 * (`verification.households` / `household_members`). The household the proposal is about
 * (the one a split leaves, the one members join or an update changes) does not count. A count
 * only: the approver needs to know there is a duplicate, never where it lies outside their scope.
 */
export async function activeDuplicateHouseholds(db: Queryable, proposalId: string): Promise<number> {
  const { rows } = await db.query<{ households: number }>(
    `SELECT count(DISTINCT h.household_id)::int AS households
       FROM verification.proposals p
       JOIN verification.households h
         ON h.status = 'active' AND h.household_id IS DISTINCT FROM p.household_id
        AND ((p.kk_index IS NOT NULL AND h.kk_index = p.kk_index)
          OR EXISTS (SELECT 1 FROM verification.household_members m
                       JOIN verification.proposal_people pp ON pp.nik_index = m.nik_index
                      WHERE m.household_id = h.household_id AND pp.proposal_id = p.proposal_id
                        AND pp.role = 'member'))
      WHERE p.proposal_id = $1 AND p.proposal_type = ANY($2::text[])`,
    [proposalId, ADDING_PEOPLE],
  );
  return rows[0]?.households ?? 0;
}
