import type { Queryable } from '@siks/pg';
import type { ApplicationOutcome } from './apply.ts';

/** What became of one approved proposal, to record in `registry.applications`. */
export interface OutcomeRecord {
  proposalId: string;
  approvalEventId: string;
  result: ApplicationOutcome;
  decidedAt: Date;
}

/**
 * Records what became of a batch's approved proposals in one statement (inside the consumer's
 * transaction). A proposal approved twice keeps the later record, as writing them one by one would.
 */
export async function recordOutcomes(client: Queryable, records: readonly OutcomeRecord[]): Promise<void> {
  const latest = new Map(records.map((record) => [record.proposalId.toLowerCase(), record]));
  if (latest.size === 0) return;
  const rows = [...latest]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { proposalId, approvalEventId, result, decidedAt }]) => ({
      proposal_id: proposalId,
      approval_event_id: approvalEventId,
      outcome: result.outcome,
      rule: result.outcome === 'not_applied' ? result.rule : null,
      household_ids: result.householdIds,
      decided_at: decidedAt.toISOString(),
    }));
  await client.query(
    `INSERT INTO registry.applications (proposal_id, approval_event_id, outcome, rule, household_ids, decided_at)
     SELECT proposal_id, approval_event_id, outcome, rule, household_ids, decided_at
     FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, approval_event_id uuid, outcome text, rule text,
       household_ids uuid[], decided_at timestamptz)
     ON CONFLICT (proposal_id) DO UPDATE SET approval_event_id = EXCLUDED.approval_event_id,
       outcome = EXCLUDED.outcome, rule = EXCLUDED.rule, household_ids = EXCLUDED.household_ids,
       decided_at = EXCLUDED.decided_at`,
    [JSON.stringify(rows)],
  );
}
