import type { DocumentKind, DocumentMatch, DocumentMediaType, Geotag, Sealed } from '@siks/contracts';
import type { Pool } from '@siks/pg';
import type { UploadedState } from '../documents/state.ts';
import { bigintToHash } from './perceptual-hash-sql.ts';

interface Row {
  document_id: string;
  sha256: string;
  kind: DocumentKind;
  media_type: DocumentMediaType;
  size: string;
  region_code: string;
  proposal_ids: string[];
  geotag: Geotag | Sealed | null;
  perceptual_hash: string | null;
  uploaded_by: string;
  uploaded_at: Date;
  duplicate_matches: DocumentMatch[];
}

export type DocumentRecord = Omit<UploadedState, 'status' | 'revision' | 'uploadProposalId' | 'withdrawnFrom'>;

const toRecord = (row: Row): DocumentRecord => ({
  documentId: row.document_id,
  sha256: row.sha256,
  kind: row.kind,
  mediaType: row.media_type,
  size: Number(row.size),
  regionCode: row.region_code,
  proposalIds: row.proposal_ids,
  ...(row.geotag ? { geotag: row.geotag } : {}),
  ...(row.perceptual_hash === null ? {} : { perceptualHash: bigintToHash(row.perceptual_hash) }),
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at.toISOString(),
  duplicates: row.duplicate_matches,
});

/** Documents backing `proposalId` inside `scope` (prefix semantics; '' is national), oldest first. */
export async function listDocumentsOfProposal(
  pool: Pool,
  proposalId: string,
  scope: string,
): Promise<DocumentRecord[]> {
  const { rows } = await pool.query<Row>(
    `SELECT document_id, sha256, kind, media_type, size, region_code, proposal_ids, geotag,
            perceptual_hash::text, uploaded_by, uploaded_at, duplicate_matches
       FROM document.documents
      WHERE proposal_ids @> ARRAY[$1::uuid]
        AND ($2 = '' OR region_code = $2 OR region_code LIKE $2 || '.%')
      ORDER BY uploaded_at, document_id
      LIMIT 200`,
    [proposalId, scope],
  );
  return rows.map(toRecord);
}
