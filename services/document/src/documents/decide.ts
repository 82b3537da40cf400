import type { DocumentLinkedV1, DocumentUploadedV1 } from '@siks/contracts';
import type { DocumentState } from './state.ts';

/** The outcome of a command: events to append (maybe none), or why it is refused. */
export type Decision<E> = { ok: true; events: E[] } | { ok: false; reason: 'not_found' | 'idempotency_conflict' };

/**
 * Upload: a new stream gets `DocumentUploaded`. The same upload again (same id, from an
 * `Idempotency-Key` retry, same bytes, kind, proposal, region and uploader) appends nothing;
 * anything else under that id is a conflict.
 */
export function decideUpload(command: DocumentUploadedV1, state: DocumentState): Decision<DocumentUploadedV1> {
  if (state.status === 'none') return { ok: true, events: [command] };
  if (
    state.status === 'uploaded' &&
    state.sha256 === command.sha256 &&
    state.kind === command.kind &&
    state.regionCode === command.regionCode &&
    state.uploadedBy === command.uploadedBy &&
    state.uploadProposalId === command.proposalId
  ) {
    return { ok: true, events: [] };
  }
  return { ok: false, reason: 'idempotency_conflict' };
}

/** Link: an accepted document gets `DocumentLinked` once per proposal; linking again appends nothing. */
export function decideLink(
  command: { proposalId: string; linkedBy: string },
  state: DocumentState,
): Decision<DocumentLinkedV1> {
  if (state.status !== 'uploaded') return { ok: false, reason: 'not_found' };
  if (state.proposalIds.includes(command.proposalId)) return { ok: true, events: [] };
  return {
    ok: true,
    events: [
      {
        documentId: state.documentId,
        proposalId: command.proposalId,
        regionCode: state.regionCode,
        linkedBy: command.linkedBy,
      },
    ],
  };
}
