import type {
  DocumentDuplicateFoundV1,
  DocumentEvent,
  DocumentKind,
  DocumentMatch,
  DocumentMediaType,
  DocumentRejectionReason,
  Geotag,
  Sealed,
} from '@siks/contracts';

/** An accepted document as its stream tells it. */
export interface UploadedState {
  status: 'uploaded';
  documentId: string;
  sha256: string;
  kind: DocumentKind;
  mediaType: DocumentMediaType;
  size: number;
  regionCode: string;
  /** Proposals the document backs, in the order they were given. */
  proposalIds: string[];
  /** Proposals the document was withdrawn from (`DocumentUnlinked`), unless linked again since. */
  withdrawnFrom?: string[];
  /** The proposal named in the upload itself, if any. */
  uploadProposalId?: string;
  /** Sealed (documents uploaded since geotags are sealed) or clear (earlier ones). */
  geotag?: Geotag | Sealed;
  perceptualHash?: string;
  uploadedBy: string;
  uploadedAt: string;
  /** Other offers of the same photo, as found by the service (`DocumentDuplicateFound`). */
  duplicates: DocumentMatch[];
  /** Revision of the stream's last event. */
  revision: number;
}

/** A refused upload: kept in the log for verification and audit, never served. */
export interface RejectedState {
  status: 'rejected';
  documentId: string;
  reason: DocumentRejectionReason;
  regionCode: string;
  revision: number;
}

export type DocumentState = { status: 'none'; revision: -1 } | UploadedState | RejectedState;

export const initialState: DocumentState = { status: 'none', revision: -1 };

/** What evolve needs of a recorded event besides its data. */
export interface EventPlace {
  revision: number;
  occurredAt: string;
}

/** The next state after `event` (Emmett style: pure, exhaustive). */
export function evolve(state: DocumentState, event: DocumentEvent, place: EventPlace): DocumentState {
  switch (event.type) {
    case 'DocumentUploaded': {
      const data = event.data;
      return {
        status: 'uploaded',
        documentId: data.documentId,
        sha256: data.sha256,
        kind: data.kind,
        mediaType: data.mediaType,
        size: data.size,
        regionCode: data.regionCode,
        proposalIds: data.proposalId ? [data.proposalId] : [],
        ...(data.proposalId ? { uploadProposalId: data.proposalId } : {}),
        ...(data.geotag ? { geotag: data.geotag } : {}),
        ...(data.perceptualHash ? { perceptualHash: data.perceptualHash } : {}),
        uploadedBy: data.uploadedBy,
        uploadedAt: place.occurredAt,
        duplicates: [],
        revision: place.revision,
      };
    }
    case 'DocumentLinked': {
      if (state.status !== 'uploaded') return { ...state, revision: place.revision } as DocumentState;
      const proposalIds = state.proposalIds.includes(event.data.proposalId)
        ? state.proposalIds
        : [...state.proposalIds, event.data.proposalId];
      const withdrawnFrom = state.withdrawnFrom?.filter((id) => id !== event.data.proposalId);
      return { ...state, proposalIds, ...(withdrawnFrom ? { withdrawnFrom } : {}), revision: place.revision };
    }
    case 'DocumentUnlinked': {
      if (state.status !== 'uploaded') return { ...state, revision: place.revision } as DocumentState;
      const proposalIds = state.proposalIds.filter((id) => id !== event.data.proposalId);
      const withdrawnFrom = [...(state.withdrawnFrom ?? []), event.data.proposalId];
      return { ...state, proposalIds, withdrawnFrom, revision: place.revision };
    }
    case 'DocumentRejected':
      return {
        status: 'rejected',
        documentId: event.data.documentId,
        reason: event.data.reason,
        regionCode: event.data.regionCode,
        revision: place.revision,
      };
    case 'DocumentDuplicateFound': {
      if (state.status !== 'uploaded') return { ...state, revision: place.revision } as DocumentState;
      return { ...state, duplicates: mergeMatches(state.duplicates, event.data), revision: place.revision };
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unknown document event ${(unreachable as { type: string }).type}`);
    }
  }
}

/** Adds a finding's matches, once per (document, proposal). */
function mergeMatches(known: readonly DocumentMatch[], finding: DocumentDuplicateFoundV1): DocumentMatch[] {
  const key = (match: DocumentMatch): string => `${match.documentId}/${match.proposalId}`;
  const seen = new Set(known.map(key));
  return [...known, ...finding.matches.filter((match) => !seen.has(key(match)))];
}
