import { CutoffHandoffEventSchemas, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';

/**
 * Hand-off events into the read models: the cut-off's stage (`registry.cutoffs.stage`) and the
 * ministry's latest answer per household (`registry.cutoff_answers`). Idempotent per event.
 */
export async function projectHandoffEvent(client: PoolClient, recorded: RecordedEvent): Promise<void> {
  switch (recorded.type) {
    case 'CutoffSubmittedToProvince': {
      const data = CutoffHandoffEventSchemas.CutoffSubmittedToProvince.data.parse(recorded.data);
      await setStage(client, data.cutoffId, 'submitted', null, recorded.recordedAt);
      return;
    }
    case 'CutoffReviewedByProvince': {
      const data = CutoffHandoffEventSchemas.CutoffReviewedByProvince.data.parse(recorded.data);
      await setStage(client, data.cutoffId, data.decision, data.reason ?? null, recorded.recordedAt);
      return;
    }
    case 'CutoffRowAnswered': {
      const data = CutoffHandoffEventSchemas.CutoffRowAnswered.data.parse(recorded.data);
      await client.query(
        `INSERT INTO registry.cutoff_answers
           (cutoff_id, household_id, proposal_id, region_code, status, reason, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (cutoff_id, household_id) DO UPDATE SET
           proposal_id = EXCLUDED.proposal_id, region_code = EXCLUDED.region_code, status = EXCLUDED.status,
           reason = EXCLUDED.reason, answered_at = EXCLUDED.answered_at
         WHERE registry.cutoff_answers.answered_at <= EXCLUDED.answered_at`,
        [
          data.cutoffId,
          data.householdId,
          data.proposalId,
          data.regionCode,
          data.status,
          data.reason ?? null,
          recorded.recordedAt,
        ],
      );
      return;
    }
    default:
      return; // CutoffExported and newer types change no read model
  }
}

async function setStage(
  client: PoolClient,
  cutoffId: string,
  stage: string,
  reason: string | null,
  at: string,
): Promise<void> {
  await client.query(
    `UPDATE registry.cutoffs SET stage = $2, stage_reason = $3, stage_at = $4
      WHERE cutoff_id = $1 AND (stage_at IS NULL OR stage_at <= $4)`,
    [cutoffId, stage, reason, at],
  );
}
