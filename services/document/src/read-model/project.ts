import type { DocumentEvent, DocumentMatch, RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { hashToBigint } from './perceptual-hash-sql.ts';

/**
 * Applies one document event to `document.documents`. Idempotent: a row only takes events
 * with a higher stream revision than it has seen. Refused uploads have no row.
 */
export async function projectDocumentEvent(
  client: PoolClient,
  recorded: RecordedEvent,
  event: DocumentEvent,
): Promise<void> {
  switch (event.type) {
    case 'DocumentUploaded': {
      const data = event.data;
      await client.query(
        `INSERT INTO document.documents (document_id, sha256, kind, media_type, size, region_code, proposal_ids,
                                         geotag, perceptual_hash, uploaded_by, uploaded_at, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::jsonb, $9::bigint, $10, $11, $12)
         ON CONFLICT (document_id) DO NOTHING`,
        [
          data.documentId,
          data.sha256,
          data.kind,
          data.mediaType,
          data.size,
          data.regionCode,
          data.proposalId ? [data.proposalId] : [],
          data.geotag ? JSON.stringify(data.geotag) : null,
          data.perceptualHash ? hashToBigint(data.perceptualHash) : null,
          data.uploadedBy,
          recorded.metadata.occurredAt,
          recorded.revision,
        ],
      );
      return;
    }
    case 'DocumentLinked':
      await client.query(
        `UPDATE document.documents
            SET proposal_ids = CASE WHEN $2::uuid = ANY(proposal_ids) THEN proposal_ids
                                    ELSE array_append(proposal_ids, $2::uuid) END,
                revision = $3
          WHERE document_id = $1 AND revision < $3`,
        [event.data.documentId, event.data.proposalId, recorded.revision],
      );
      return;
    case 'DocumentUnlinked':
      await client.query(
        `UPDATE document.documents SET proposal_ids = array_remove(proposal_ids, $2::uuid), revision = $3
          WHERE document_id = $1 AND revision < $3`,
        [event.data.documentId, event.data.proposalId, recorded.revision],
      );
      return;
    case 'DocumentDuplicateFound': {
      const { rows } = await client.query<{ duplicate_matches: DocumentMatch[]; revision: number }>(
        'SELECT duplicate_matches, revision FROM document.documents WHERE document_id = $1 FOR UPDATE',
        [event.data.documentId],
      );
      const row = rows[0];
      if (!row || row.revision >= recorded.revision) return;
      const key = (match: DocumentMatch): string => `${match.documentId}/${match.proposalId}`;
      const seen = new Set(row.duplicate_matches.map(key));
      const merged = [...row.duplicate_matches, ...event.data.matches.filter((match) => !seen.has(key(match)))];
      await client.query(
        'UPDATE document.documents SET duplicate_matches = $2::jsonb, revision = $3 WHERE document_id = $1',
        [event.data.documentId, JSON.stringify(merged), recorded.revision],
      );
      return;
    }
    case 'DocumentRejected':
      return;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown document event ${(unreachable as { type: string }).type}`);
    }
  }
}
