import { scrubForgotten, type PersonForgottenData } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/**
 * `PersonForgotten` (intake) in verification's read models: the person's blind index leaves
 * every table that links it (the people of proposals, registry members, adminduk reference
 * lines); the stored content of each proposal naming them loses their index and clear health
 * data (`scrubForgotten`); for the households they headed, the KK index, the income band, the
 * household's sealed block and the photos' geotags go too. Idempotent, so a rebuild or a
 * redelivery changes nothing more. The cases and their results stay: they hold no personal data.
 */
export async function applyErasure(db: Queryable, forgotten: PersonForgottenData): Promise<void> {
  const { nikIndex, proposalIds, householdProposalIds } = forgotten;
  const households = new Set(householdProposalIds);
  await db.query('DELETE FROM verification.proposal_people WHERE nik_index = $1', [nikIndex]);
  await db.query('DELETE FROM verification.household_members WHERE nik_index = $1', [nikIndex]);
  await db.query('DELETE FROM verification.population_reference WHERE nik_index = $1 OR new_nik_index = $1', [
    nikIndex,
  ]);
  const { rows } = await db.query<{ proposal_id: string; content: unknown; household_id: string | null }>(
    'SELECT proposal_id, content, household_id FROM verification.proposals WHERE proposal_id = ANY($1::uuid[])',
    [proposalIds],
  );
  for (const row of rows) {
    const household = households.has(row.proposal_id);
    await db.query(
      `UPDATE verification.proposals SET content = $2::jsonb, kk_index = CASE WHEN $3 THEN NULL ELSE kk_index END
        WHERE proposal_id = $1`,
      [row.proposal_id, JSON.stringify(scrubForgotten(row.content, { nikIndex, household })), household],
    );
  }
  if (householdProposalIds.length === 0) return;
  await db.query(
    `UPDATE verification.households SET kk_index = NULL, personal = NULL
      WHERE household_id IN (SELECT household_id FROM verification.proposals
                              WHERE proposal_id = ANY($1::uuid[]) AND household_id IS NOT NULL)`,
    [householdProposalIds],
  );
  // Geotags of the documents backing only these households (the document service forgets them too).
  await db.query(
    `UPDATE verification.evidence SET geotag = NULL
      WHERE geotag IS NOT NULL AND document_id IN (
        SELECT document_id FROM verification.evidence_links GROUP BY document_id
        HAVING bool_and(proposal_id = ANY($1::uuid[])))`,
    [householdProposalIds],
  );
}
