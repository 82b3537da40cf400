import type { DocumentKind, DocumentMatch } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { hashToBigint } from './perceptual-hash-sql.ts';

/** A photo just offered as evidence for a proposal (uploaded with it, or linked to it). */
export interface Offer {
  documentId: string;
  proposalId: string;
  /** The offered document's region. */
  regionCode: string;
  kind: DocumentKind;
  sha256: string;
  perceptualHash?: string | undefined;
}

/** A stored photo that may be the same picture. */
export interface Candidate {
  documentId: string;
  regionCode: string;
  proposalIds: readonly string[];
  sameBytes: boolean;
  /** Hamming distance of the difference hashes; null when either has none. */
  distance: number | null;
}

/** Kinds whose reuse for another proposal is a finding (DOMAIN.md: the same house photo for two households). */
export const PHOTO_KINDS: readonly DocumentKind[] = ['foto_rumah'];

const MAX_MATCHES = 50;
const ORDER = { same_document: 0, sha256: 1, perceptual: 2 } as const;

/**
 * The other offers of the same photo: every (document, proposal) among `candidates` whose
 * proposal is not the offer's, matched as the same document, the same bytes, or a difference
 * hash within `maxDistance` bits. Strongest first, at most 50.
 */
export function matchesFor(offer: Offer, candidates: readonly Candidate[], maxDistance: number): DocumentMatch[] {
  const matches: DocumentMatch[] = [];
  for (const candidate of candidates) {
    const match: DocumentMatch['match'] | undefined =
      candidate.documentId === offer.documentId
        ? 'same_document'
        : candidate.sameBytes
          ? 'sha256'
          : candidate.distance !== null && candidate.distance <= maxDistance
            ? 'perceptual'
            : undefined;
    if (match === undefined) continue;
    const distance = match === 'perceptual' ? (candidate.distance ?? 0) : 0;
    for (const proposalId of candidate.proposalIds) {
      if (proposalId === offer.proposalId) continue;
      matches.push({ documentId: candidate.documentId, proposalId, regionCode: candidate.regionCode, match, distance });
    }
  }
  return matches
    .sort(
      (a, b) =>
        ORDER[a.match] - ORDER[b.match] ||
        a.distance - b.distance ||
        a.documentId.localeCompare(b.documentId) ||
        a.proposalId.localeCompare(b.proposalId),
    )
    .slice(0, MAX_MATCHES);
}

/**
 * Photos of the read model that back some proposal and are the offer's document, have its
 * bytes, or a difference hash within `maxDistance` bits (a scan of the photos' hashes:
 * `bit_count` of the XOR; fine for a regency, to be indexed before national scale).
 */
export async function findCandidates(client: PoolClient, offer: Offer, maxDistance: number): Promise<Candidate[]> {
  const hash = offer.perceptualHash === undefined || maxDistance <= 0 ? null : hashToBigint(offer.perceptualHash);
  const { rows } = await client.query<{
    document_id: string;
    region_code: string;
    proposal_ids: string[];
    same_bytes: boolean;
    distance: number | null;
  }>(
    `SELECT document_id, region_code, proposal_ids, sha256 = $2 AS same_bytes,
            CASE WHEN $3::bigint IS NULL OR perceptual_hash IS NULL THEN NULL
                 ELSE bit_count((perceptual_hash # $3::bigint)::bit(64))::int END AS distance
       FROM document.documents
      WHERE kind = ANY($4::text[]) AND cardinality(proposal_ids) > 0
        AND (document_id = $1 OR sha256 = $2
             OR ($3::bigint IS NOT NULL AND bit_count((perceptual_hash # $3::bigint)::bit(64)) <= $5))
      ORDER BY document_id
      LIMIT 500`,
    [offer.documentId, offer.sha256, hash, PHOTO_KINDS, maxDistance],
  );
  return rows.map((row) => ({
    documentId: row.document_id,
    regionCode: row.region_code,
    proposalIds: row.proposal_ids,
    sameBytes: row.same_bytes,
    distance: row.distance,
  }));
}
