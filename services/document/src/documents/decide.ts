import type { DocumentLinkedV1, DocumentUnlinkedV1, DocumentUploadedV1 } from '@siks/contracts';
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

/**
 * Withdraw: a document backing `proposalId` stops backing it (`DocumentUnlinked`, with the
 * person's reason). Asking again once it is withdrawn appends nothing (a retry); a document that
 * never backed the proposal, or was refused, is not found. Whether the proposal may still lose
 * evidence (draft or returned) is the caller's check: it needs the proposal's status.
 */
export function decideUnlink(
  command: { proposalId: string; reason: string; unlinkedBy: string },
  state: DocumentState,
): Decision<DocumentUnlinkedV1> {
  if (state.status !== 'uploaded') return { ok: false, reason: 'not_found' };
  if (!state.proposalIds.includes(command.proposalId))
    return state.withdrawnFrom?.includes(command.proposalId)
      ? { ok: true, events: [] }
      : { ok: false, reason: 'not_found' };
  return {
    ok: true,
    events: [
      {
        documentId: state.documentId,
        proposalId: command.proposalId,
        regionCode: state.regionCode,
        reason: command.reason,
        unlinkedBy: command.unlinkedBy,
      },
    ],
  };
}
