import { scrubForgotten, type PersonForgottenData } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/**
 * `PersonForgotten` (intake) in the registry's read models: the person's index leaves
 * `registry.members`; the stored proposal contents naming them, the state and the history of
 * every household they belong to lose their index and clear health data (`scrubForgotten`); the
 * households registered from proposals of a household they headed lose their KK index, income
 * band and the free-text reasons of their history too. Sealed blocks stay (their keys are
 * destroyed). Idempotent. The households' own event streams keep what they hold (sealed); a
 * rebuild of these read models from them applies this again only if the erasure is redelivered.
 */
export async function applyErasure(db: Queryable, forgotten: PersonForgottenData): Promise<void> {
  const { nikIndex, proposalIds, householdProposalIds } = forgotten;
  const { rows: contents } = await db.query<{ proposal_id: string; content: unknown }>(
    'SELECT proposal_id, content FROM registry.proposal_contents WHERE proposal_id = ANY($1::uuid[])',
    [proposalIds],
  );
  const households = new Set(householdProposalIds);
  for (const row of contents) {
    const content = scrubForgotten(row.content, { nikIndex, household: households.has(row.proposal_id) });
    await db.query('UPDATE registry.proposal_contents SET content = $2::jsonb WHERE proposal_id = $1', [
      row.proposal_id,
      JSON.stringify(content),
    ]);
  }
  const { rows: headed } = await db.query<{ household_id: string }>(
    `SELECT DISTINCT unnest(household_ids) AS household_id FROM registry.applications
      WHERE proposal_id = ANY($1::uuid[])`,
    [householdProposalIds],
  );
  const headedIds = new Set(headed.map((row) => row.household_id));
  const { rows: member } = await db.query<{ household_id: string }>(
    'SELECT DISTINCT household_id FROM registry.members WHERE nik_index = $1',
    [nikIndex],
  );
  await db.query('DELETE FROM registry.members WHERE nik_index = $1', [nikIndex]);
  for (const householdId of new Set([...headedIds, ...member.map((row) => row.household_id)])) {
    const household = headedIds.has(householdId);
    const person = { nikIndex, household };
    const { rows } = await db.query<{ state: unknown }>(
      'SELECT state FROM registry.households WHERE household_id = $1',
      [householdId],
    );
    if (rows[0])
      await db.query(
        `UPDATE registry.households SET state = $2::jsonb, kk_index = CASE WHEN $3 THEN NULL ELSE kk_index END
          WHERE household_id = $1`,
        [householdId, JSON.stringify(scrubForgotten(rows[0].state, person)), household],
      );
    const { rows: history } = await db.query<{ revision: string; data: unknown; metadata: Record<string, unknown> }>(
      'SELECT revision, data, metadata FROM registry.history WHERE household_id = $1',
      [householdId],
    );
    for (const entry of history) {
      const { reason: _reason, ...withoutReason } = entry.metadata;
      await db.query(
        'UPDATE registry.history SET data = $3::jsonb, metadata = $4::jsonb WHERE household_id = $1 AND revision = $2',
        [
          householdId,
          entry.revision,
          JSON.stringify(scrubForgotten(entry.data, person)),
          JSON.stringify(household ? withoutReason : entry.metadata),
        ],
      );
    }
  }
}
