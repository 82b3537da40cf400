import type { Queryable } from '@siks/pg';
import { latestRound, type CaseState } from '../case/state.ts';

/**
 * Writes a case's queue row and its field validations, unless the row already reflects a
 * later revision: the HTTP commands and the queue consumer may both write, in any order.
 */
export async function upsertCaseRow(db: Queryable, state: CaseState): Promise<void> {
  if (state.status === 'none') return;
  const results = latestRound(state)?.results ?? [];
  await db.query(
    `INSERT INTO verification.cases
       (proposal_id, region_code, proposal_type, channel, status, revision, round, fail_count, warn_count, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (proposal_id) DO UPDATE SET
       region_code = EXCLUDED.region_code, status = EXCLUDED.status, revision = EXCLUDED.revision,
       round = EXCLUDED.round, fail_count = EXCLUDED.fail_count, warn_count = EXCLUDED.warn_count,
       updated_at = EXCLUDED.updated_at
     WHERE verification.cases.revision < EXCLUDED.revision`,
    [
      state.proposalId,
      state.regionCode,
      state.proposalType,
      state.channel,
      state.status,
      state.revision,
      latestRound(state)?.round ?? 0,
      results.filter((result) => result.result === 'fail').length,
      results.filter((result) => result.result === 'warn').length,
      state.opened.at,
      state.updatedAt,
    ],
  );
  for (const fv of state.fieldValidations) {
    await db.query(
      `INSERT INTO verification.field_validations (field_validation_id, proposal_id, region_code, status)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (field_validation_id) DO UPDATE SET status = EXCLUDED.status
       WHERE verification.field_validations.status <> 'recorded'`,
      [fv.fieldValidationId, state.proposalId, state.regionCode, fv.status],
    );
  }
}
