import { deterministicId, type DocumentEvent, type RecordedEvent } from '@siks/contracts';
import { startSubscription, type EventStore, type Subscription } from '@siks/eventstore';
import { withTransaction, type Pool, type PoolClient } from '@siks/pg';
import { DOCUMENT_STREAM_PREFIX, documentEvent, documentStreamId, parseDocumentEvent } from '../documents/events.ts';
import { reactionMetadata } from '../documents/metadata.ts';
import { findCandidates, matchesFor, PHOTO_KINDS, type Offer } from './duplicates.ts';
import { bigintToHash } from './perceptual-hash-sql.ts';
import { projectDocumentEvent } from './project.ts';

/** Names the checkpoint of the read model's subscription. */
export const DOCUMENTS_SUBSCRIPTION = 'document.documents';

export interface ProjectionDeps {
  store: EventStore;
  pool: Pool;
  /** Largest difference-hash distance that counts as the same photo (0: SHA-256 only). */
  phashMaxDistance: number;
  now: () => Date;
  onError?: (error: unknown) => void;
  pollIntervalMs?: number;
}

/**
 * Keeps `document.documents` from the `document-` streams, in log order, one transaction per
 * batch with its checkpoint. When an event offers a house photo for a proposal (an upload
 * naming one, or a link), it looks for other offers of the same photo among the events before
 * it and appends `DocumentDuplicateFound` to the photo's stream; its id derives from the
 * offering event, so a redelivery or a rebuild appends nothing twice.
 */
export function startDocumentProjection(deps: ProjectionDeps): Subscription {
  return startSubscription({
    store: deps.store,
    pool: deps.pool,
    subscriptionId: DOCUMENTS_SUBSCRIPTION,
    streamPrefixes: [DOCUMENT_STREAM_PREFIX],
    ...(deps.onError ? { onError: deps.onError } : {}),
    ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    handle: async (events, client) => {
      for (const recorded of events) {
        const event = parseDocumentEvent(recorded);
        await projectDocumentEvent(client, recorded, event);
        const offer = await offerOf(client, event);
        if (offer) await reportDuplicates(deps, client, recorded, offer);
      }
    },
  });
}

/** The photo offer an event makes, if any (the document's facts come from the read model). */
async function offerOf(client: PoolClient, event: DocumentEvent): Promise<Offer | undefined> {
  if (event.type === 'DocumentUploaded') {
    const { documentId, proposalId, kind, sha256, perceptualHash, regionCode } = event.data;
    if (!proposalId || !PHOTO_KINDS.includes(kind)) return undefined;
    return { documentId, proposalId, regionCode, kind, sha256, perceptualHash };
  }
  if (event.type !== 'DocumentLinked') return undefined;
  const { rows } = await client.query<{ kind: Offer['kind']; sha256: string; perceptual_hash: string | null }>(
    'SELECT kind, sha256, perceptual_hash::text FROM document.documents WHERE document_id = $1',
    [event.data.documentId],
  );
  const row = rows[0];
  if (!row || !PHOTO_KINDS.includes(row.kind)) return undefined;
  return {
    documentId: event.data.documentId,
    proposalId: event.data.proposalId,
    regionCode: event.data.regionCode,
    kind: row.kind,
    sha256: row.sha256,
    perceptualHash: row.perceptual_hash === null ? undefined : bigintToHash(row.perceptual_hash),
  };
}

async function reportDuplicates(
  deps: ProjectionDeps,
  client: PoolClient,
  cause: RecordedEvent,
  offer: Offer,
): Promise<void> {
  const matches = matchesFor(offer, await findCandidates(client, offer, deps.phashMaxDistance), deps.phashMaxDistance);
  if (matches.length === 0) return;
  const finding = documentEvent(
    'DocumentDuplicateFound',
    {
      documentId: offer.documentId,
      proposalId: offer.proposalId,
      regionCode: offer.regionCode,
      kind: offer.kind,
      sha256: offer.sha256,
      matches,
    },
    reactionMetadata(cause, deps.now()),
    deterministicId(cause.eventId, 'duplicate-found'),
  );
  await deps.store.append(documentStreamId(offer.documentId), [finding], 'any');
}

/**
 * Empties the read model and its checkpoint so the subscription rebuilds it from the log.
 * Stop the workers first. Findings already in the log are not appended again (same ids).
 */
export async function resetDocumentProjection(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('TRUNCATE document.documents');
    await client.query('DELETE FROM public.eventstore_checkpoints WHERE subscription_id = $1', [
      DOCUMENTS_SUBSCRIPTION,
    ]);
  });
}
