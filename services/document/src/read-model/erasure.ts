import { personForgottenOf, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { documentSubject, type DocumentKeyring } from '../documents/personal.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export interface ErasureDeps {
  keyring: Pick<DocumentKeyring, 'forget'>;
  blobStore: Pick<BlobStore, 'remove'>;
}

/**
 * `PersonForgotten` (intake): the documents that back only households the forgotten person
 * headed (their KK and KTP scans, house photos, each household's own papers) are forgotten with
 * them: each document's key is destroyed (its sealed file and geotag become unreadable, in the
 * log too), its files are deleted, and its row loses the geotag and the perceptual hash. A
 * document that also backs another household (a village meeting's minutes) stays. Idempotent:
 * a redelivery destroys and deletes nothing more. Keys and files go before the row changes, so
 * a failure in between is retried with nothing readable left meanwhile.
 */
export async function applyErasure(db: Queryable, event: RecordedEvent, deps: ErasureDeps): Promise<void> {
  const forgotten = personForgottenOf(event);
  if (!forgotten || forgotten.householdProposalIds.length === 0) return;
  const { rows } = await db.query<{ document_id: string; sha256: string; shared: boolean }>(
    `SELECT d.document_id, d.sha256,
            EXISTS (SELECT 1 FROM document.documents o
                     WHERE o.sha256 = d.sha256 AND NOT (o.proposal_ids <@ $1::uuid[] AND cardinality(o.proposal_ids) > 0))
              AS shared
       FROM document.documents d
      WHERE d.proposal_ids <@ $1::uuid[] AND cardinality(d.proposal_ids) > 0`,
    [forgotten.householdProposalIds],
  );
  for (const row of rows) {
    await deps.keyring.forget(documentSubject(row.document_id));
    // A file kept in clear under its hash (uploaded before files were sealed) goes too, unless a
    // document that stays has the same bytes.
    await deps.blobStore.remove(row.document_id, row.shared ? undefined : row.sha256);
  }
  if (rows.length === 0) return;
  await db.query(
    `UPDATE document.documents SET geotag = NULL, perceptual_hash = NULL, duplicate_matches = '[]'::jsonb
      WHERE document_id = ANY($1::uuid[])`,
    [rows.map((row) => row.document_id)],
  );
}
