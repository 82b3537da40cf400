import { DocumentEvent, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/** What a document event means for verification: the proposals whose evidence changed, if any. */
export type EvidenceChange = { proposalIds: string[] } | { ignored: 'malformed' };

/** Links `documentId` to `proposalId` (a link is never replaced by another: they add up). */
async function link(db: Queryable, documentId: string, proposalId: string, at: string): Promise<void> {
  await db.query(
    `INSERT INTO verification.evidence_links (document_id, proposal_id, linked_at)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [documentId, proposalId, at],
  );
}

/** Every proposal the document backs. */
async function linkedProposals(db: Queryable, documentId: string): Promise<string[]> {
  const { rows } = await db.query<{ proposal_id: string }>(
    'SELECT proposal_id FROM verification.evidence_links WHERE document_id = $1 ORDER BY proposal_id',
    [documentId],
  );
  return rows.map((row) => row.proposal_id);
}

/**
 * Keeps `verification.evidence` and `verification.evidence_links` from document events. A
 * document may be uploaded on its own and linked to proposals later; links add up (one village
 * meeting's minutes back several proposals). A rejected document no longer counts as evidence
 * for any of them. The document service's duplicate-photo findings (near-duplicates by
 * perceptual hash included) are kept in `photo_matches` for the `photo_reuse` check.
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
           (document_id, kind, media_type, sha256, perceptual_hash, geotag, region_code, status, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8)
         ON CONFLICT (document_id) DO UPDATE SET
           kind = EXCLUDED.kind, media_type = EXCLUDED.media_type, sha256 = EXCLUDED.sha256,
           perceptual_hash = EXCLUDED.perceptual_hash, geotag = EXCLUDED.geotag, region_code = EXCLUDED.region_code`,
        [
          d.documentId,
          d.kind,
          d.mediaType,
          d.sha256,
          d.perceptualHash ?? null,
          d.geotag ? JSON.stringify(d.geotag) : null,
          d.regionCode,
          at,
        ],
      );
      if (d.proposalId) await link(db, d.documentId, d.proposalId, at);
      // Links consumed before the upload itself (if any) now see the document's details too.
      return { proposalIds: await linkedProposals(db, d.documentId) };
    }
    case 'DocumentLinked': {
      const { documentId, proposalId, regionCode } = document.data;
      await db.query(
        `INSERT INTO verification.evidence (document_id, region_code, status, recorded_at)
         VALUES ($1, $2, 'active', $3) ON CONFLICT (document_id) DO NOTHING`,
        [documentId, regionCode, at],
      );
      await link(db, documentId, proposalId, at);
      // Only the proposal that gained the document: the ones linked before keep it.
      return { proposalIds: [proposalId] };
    }
    case 'DocumentRejected': {
      const d = document.data;
      await db.query(
        `INSERT INTO verification.evidence (document_id, kind, sha256, region_code, status, recorded_at)
         VALUES ($1, $2, $3, $4, 'rejected', $5)
         ON CONFLICT (document_id) DO UPDATE SET status = 'rejected'`,
        [d.documentId, d.kind ?? null, d.sha256 ?? null, d.regionCode, at],
      );
      if (d.proposalId) await link(db, d.documentId, d.proposalId, at);
      return { proposalIds: await linkedProposals(db, d.documentId) };
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
