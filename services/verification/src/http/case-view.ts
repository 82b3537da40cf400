import type { Sealed } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import type { AuthenticatedActor } from '@siks/service-kit';
import type { OpenCase, Stamp } from '../case/state.ts';
import type { CaseDetailResponse } from './schemas.ts';
import { scopedOutcomes } from './scoped-findings.ts';

export interface TextOpener {
  open(sealed: Sealed): Promise<unknown>;
}

const by = (stamp: Stamp) => ({ userId: stamp.actor.userId, role: stamp.actor.role });

/** A sealed `{[key]: text}` opened, or null when its subject was forgotten. */
async function openText(opener: TextOpener, sealed: Sealed, key: string): Promise<string | null> {
  const opened = await opener.open(sealed);
  const value = opened !== null && typeof opened === 'object' ? (opened as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * The case as `GET /v1/verification/cases/:proposalId` shows it to `viewer` (who is in the
 * case's scope; findings about other regions are cut to the viewer's scope).
 */
export async function caseView(
  db: Queryable,
  opener: TextOpener,
  state: OpenCase,
  viewer: Pick<AuthenticatedActor, 'regionCode'>,
): Promise<CaseDetailResponse> {
  const { rows } = await db.query<{
    document_id: string;
    kind: string | null;
    media_type: string | null;
    geotagged: boolean;
    status: 'active' | 'rejected';
    recorded_at: Date;
  }>(
    `SELECT e.document_id, e.kind, e.media_type, e.geotag IS NOT NULL AS geotagged, e.status, e.recorded_at
       FROM verification.evidence_links l JOIN verification.evidence e ON e.document_id = l.document_id
      WHERE l.proposal_id = $1 AND e.region_code = $2 ORDER BY e.recorded_at, e.document_id`,
    // A document of another village linked to this proposal is no evidence of it (nor shown).
    [state.proposalId, state.regionCode],
  );
  const rounds = state.rounds.map((round) => ({
    round: round.round,
    trigger: round.trigger,
    at: round.at,
    by: by(round),
    results: scopedOutcomes(round.results, viewer),
  }));
  return {
    proposalId: state.proposalId,
    regionCode: state.regionCode,
    proposalType: state.proposalType,
    channel: state.channel,
    ...(state.householdId !== undefined ? { householdId: state.householdId } : {}),
    status: state.status,
    revision: state.revision,
    openedAt: state.opened.at,
    updatedAt: state.updatedAt,
    checks: rounds[rounds.length - 1] ?? null,
    rounds,
    evidence: rows.map((row) => ({
      documentId: row.document_id,
      kind: row.kind,
      mediaType: row.media_type,
      geotagged: row.geotagged,
      status: row.status,
      recordedAt: row.recorded_at.toISOString(),
    })),
    decisions: state.decisions.map((decision) => ({
      decision: decision.decision,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.fields !== undefined ? { fields: decision.fields } : {}),
      ...(decision.batchId !== undefined ? { batchId: decision.batchId } : {}),
      ...(decision.overrides !== undefined ? { overrides: decision.overrides } : {}),
      ...(decision.resolution !== undefined ? { resolution: decision.resolution } : {}),
      ...(decision.cutoffId !== undefined ? { cutoffId: decision.cutoffId } : {}),
      ...(decision.period !== undefined ? { period: decision.period } : {}),
      by: by(decision),
      at: decision.at,
    })),
    fieldValidations: await Promise.all(
      state.fieldValidations.map(async (fv) => ({
        fieldValidationId: fv.fieldValidationId,
        status: fv.status,
        instructions: await openText(opener, fv.instructions, 'instructions'),
        orderedBy: by(fv.ordered),
        orderedAt: fv.ordered.at,
        ...(fv.outcome !== undefined ? { outcome: fv.outcome } : {}),
        ...(fv.notes !== undefined ? { notes: await openText(opener, fv.notes, 'notes') } : {}),
        ...(fv.recorded ? { recordedBy: by(fv.recorded), recordedAt: fv.recorded.at } : {}),
      })),
    ),
  };
}
