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
/** At most this many proposals sharing one photo are re-checked per document event. */
const SHARING_LIMIT = 50;

/**
 * Proposals whose `photo_reuse` finding may change with this document: those linked to it and
 * those linked to another house photo with the same bytes or perceptual hash. Topics interleave,
 * so the first upload of a photo may be consumed after the second: both sides are re-checked.
 */
async function proposalsSharingPhoto(db: Queryable, documentId: string): Promise<string[]> {
  const { rows } = await db.query<{ proposal_id: string }>(
    `WITH me AS (SELECT document_id, sha256, perceptual_hash FROM verification.evidence WHERE document_id = $1),
          docs AS (
            SELECT me.document_id FROM me
            UNION
            SELECT other.document_id FROM me JOIN verification.evidence other
              ON other.document_id <> me.document_id AND other.kind = 'foto_rumah'
             AND (other.sha256 = me.sha256 OR other.perceptual_hash = me.perceptual_hash))
     SELECT DISTINCT l.proposal_id FROM docs JOIN verification.evidence_links l USING (document_id)
      ORDER BY l.proposal_id LIMIT ${SHARING_LIMIT}`,
    [documentId],
  );
  return rows.map((row) => row.proposal_id);
}

/**
 * Keeps `verification.evidence` and `verification.evidence_links` from document events. A
 * document may be uploaded on its own and linked to proposals later; links add up (one village
 * meeting's minutes back several proposals). A rejected document no longer counts as evidence
 * for any of them, and a document withdrawn from a proposal (`DocumentUnlinked`) no longer backs
 * that one. The document service's duplicate-photo findings (near-duplicates by
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
      // Links consumed before the upload itself (if any) now see the document's details too, and
      // proposals with the same photo see this one.
      return { proposalIds: await proposalsSharingPhoto(db, d.documentId) };
    }
    case 'DocumentLinked': {
      const { documentId, proposalId, regionCode } = document.data;
      await db.query(
        `INSERT INTO verification.evidence (document_id, region_code, status, recorded_at)
         VALUES ($1, $2, 'active', $3) ON CONFLICT (document_id) DO NOTHING`,
        [documentId, regionCode, at],
      );
      await link(db, documentId, proposalId, at);
      // The proposal that gained the document, and those that now share a photo with it.
      return { proposalIds: await proposalsSharingPhoto(db, documentId) };
    }
    case 'DocumentUnlinked': {
      const { documentId, proposalId } = document.data;
      // Those sharing the photo are found through the link, so before it goes.
      const sharing = await proposalsSharingPhoto(db, documentId);
      await db.query('DELETE FROM verification.evidence_links WHERE document_id = $1 AND proposal_id = $2', [
        documentId,
        proposalId,
      ]);
      // The document service's findings about this offer are void with it, on both sides.
      await db.query(
        `DELETE FROM verification.photo_matches
          WHERE (document_id = $1 AND proposal_id = $2) OR (other_document_id = $1 AND other_proposal_id = $2)`,
        [documentId, proposalId],
      );
      return { proposalIds: [...new Set([proposalId, ...sharing])] };
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
      // A rejected photo no longer counts as a match for the proposals sharing it.
      return { proposalIds: await proposalsSharingPhoto(db, d.documentId) };
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
