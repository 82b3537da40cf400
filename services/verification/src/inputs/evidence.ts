import { DocumentEvent, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/** What a document event means for verification: the proposal whose evidence changed, if any. */
export type EvidenceChange = { proposalIds: string[] } | { ignored: 'malformed' };

/**
 * Keeps `verification.evidence` from document events. A document may be uploaded on its own
 * and linked to a proposal later; a rejected one no longer counts as evidence. The document
 * service's duplicate-photo findings (near-duplicates by perceptual hash included) are kept
 * in `photo_matches` for the `photo_reuse` check.
 */
export async function applyDocumentEvent(db: Queryable, event: RecordedEvent): Promise<EvidenceChange> {
  const parsed = DocumentEvent.safeParse({ type: event.type, schemaVersion: event.schemaVersion, data: event.data });
  if (!parsed.success) return { ignored: 'malformed' };
  const at = event.metadata.occurredAt;
  const document = parsed.data;
  switch (document.type) {
    case 'DocumentUploaded': {
      const d = document.data;
      await db.query(
        `INSERT INTO verification.evidence
           (document_id, proposal_id, kind, media_type, sha256, perceptual_hash, geotag, region_code, status, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9)
         ON CONFLICT (document_id) DO UPDATE SET
           proposal_id = COALESCE(verification.evidence.proposal_id, EXCLUDED.proposal_id),
           kind = EXCLUDED.kind, media_type = EXCLUDED.media_type, sha256 = EXCLUDED.sha256,
           perceptual_hash = EXCLUDED.perceptual_hash, geotag = EXCLUDED.geotag, region_code = EXCLUDED.region_code`,
        [
          d.documentId,
          d.proposalId ?? null,
          d.kind,
          d.mediaType,
          d.sha256,
          d.perceptualHash ?? null,
          d.geotag ? JSON.stringify(d.geotag) : null,
          d.regionCode,
          at,
        ],
      );
      return { proposalIds: d.proposalId ? [d.proposalId] : [] };
    }
    case 'DocumentLinked': {
      const { documentId, proposalId } = document.data;
      const previous = await db.query<{ proposal_id: string | null }>(
        'SELECT proposal_id FROM verification.evidence WHERE document_id = $1 FOR UPDATE',
        [documentId],
      );
      await db.query(
        `INSERT INTO verification.evidence (document_id, proposal_id, region_code, status, recorded_at)
         VALUES ($1, $2, '', 'active', $3)
         ON CONFLICT (document_id) DO UPDATE SET proposal_id = EXCLUDED.proposal_id`,
        [documentId, proposalId, at],
      );
      const before = previous.rows[0]?.proposal_id;
      return { proposalIds: before && before !== proposalId ? [before, proposalId] : [proposalId] };
    }
    case 'DocumentRejected': {
      const d = document.data;
      const updated = await db.query<{ proposal_id: string | null }>(
        `INSERT INTO verification.evidence (document_id, proposal_id, kind, sha256, region_code, status, recorded_at)
         VALUES ($1, $2, $3, $4, $5, 'rejected', $6)
         ON CONFLICT (document_id) DO UPDATE SET status = 'rejected'
         RETURNING proposal_id`,
        [d.documentId, d.proposalId ?? null, d.kind ?? null, d.sha256 ?? null, d.regionCode, at],
      );
      const proposalId = updated.rows[0]?.proposal_id;
      return { proposalIds: proposalId ? [proposalId] : [] };
    }
    case 'DocumentDuplicateFound': {
      const d = document.data;
      for (const match of d.matches)
        await db.query(
          `INSERT INTO verification.photo_matches
             (document_id, proposal_id, other_document_id, other_proposal_id, region_code, match, distance)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            d.documentId,
            d.proposalId,
            match.documentId,
            match.proposalId,
            match.regionCode,
            match.match,
            match.distance,
          ],
        );
      return { proposalIds: [d.proposalId] };
    }
    default: {
      const unreachable: never = document;
      return unreachable;
    }
  }
}
