import type { Queryable } from '@siks/pg';
import { latestRound, type CaseState } from '../case/state.ts';

type OpenCase = Exclude<CaseState, { status: 'none' }>;

/**
 * Writes the queue rows of cases and their field validations, each unless its row already
 * reflects a later revision: the HTTP commands, the inputs consumer (right after it appended)
 * and the queue consumer may all write, in any order. Two statements however many cases.
 */
export async function upsertCaseRows(db: Queryable, states: readonly CaseState[]): Promise<void> {
  const cases = states.filter((state): state is OpenCase => state.status !== 'none');
  if (cases.length === 0) return;
  const results = cases.map((state) => latestRound(state)?.results ?? []);
  await db.query(
    `INSERT INTO verification.cases
       (proposal_id, region_code, proposal_type, channel, status, revision, round, fail_count, warn_count, opened_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::integer[],
                          $8::integer[], $9::integer[], $10::timestamptz[], $11::timestamptz[])
     ON CONFLICT (proposal_id) DO UPDATE SET
       region_code = EXCLUDED.region_code, status = EXCLUDED.status, revision = EXCLUDED.revision,
       round = EXCLUDED.round, fail_count = EXCLUDED.fail_count, warn_count = EXCLUDED.warn_count,
       updated_at = EXCLUDED.updated_at
     WHERE verification.cases.revision < EXCLUDED.revision`,
    [
      cases.map((state) => state.proposalId),
      cases.map((state) => state.regionCode),
      cases.map((state) => state.proposalType),
      cases.map((state) => state.channel),
      cases.map((state) => state.status),
      cases.map((state) => state.revision),
      cases.map((state) => latestRound(state)?.round ?? 0),
      results.map((list) => list.filter((result) => result.result === 'fail').length),
      results.map((list) => list.filter((result) => result.result === 'warn').length),
      cases.map((state) => state.opened.at),
      cases.map((state) => state.updatedAt),
    ],
  );
  const validations = cases.flatMap((state) => state.fieldValidations.map((fv) => ({ state, fv })));
  if (validations.length === 0) return;
  await db.query(
    `INSERT INTO verification.field_validations (field_validation_id, proposal_id, region_code, status)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
     ON CONFLICT (field_validation_id) DO UPDATE SET status = EXCLUDED.status
     WHERE verification.field_validations.status <> 'recorded'`,
    [
      validations.map(({ fv }) => fv.fieldValidationId),
      validations.map(({ state }) => state.proposalId),
      validations.map(({ state }) => state.regionCode),
      validations.map(({ fv }) => fv.status),
    ],
  );
}

/** `upsertCaseRows` of one case. */
export function upsertCaseRow(db: Queryable, state: CaseState): Promise<void> {
  return upsertCaseRows(db, [state]);
}
