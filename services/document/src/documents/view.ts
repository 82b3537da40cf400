import { DocumentKind, DocumentMatch, DocumentMediaType, Geotag, PerceptualHash, Sha256Hex } from '@siks/contracts';
import { inScope, type AuthenticatedActor } from '@siks/service-kit';
import { z } from 'zod';
import type { UploadedState } from './state.ts';

/** A document as the API shows it (never the client's file name: it is not kept). */
export const DocumentView = z.object({
  documentId: z.uuid(),
  kind: DocumentKind,
  mediaType: DocumentMediaType,
  size: z.number().int().positive(),
  sha256: Sha256Hex,
  regionCode: z.string(),
  proposalIds: z.array(z.uuid()),
  geotag: Geotag.optional(),
  perceptualHash: PerceptualHash.optional(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** Other offers of this photo inside the caller's scope. */
  duplicates: z.array(DocumentMatch),
  /** How many other offers lie outside the caller's scope (named only to those who see them). */
  duplicatesOutOfScope: z.number().int().nonnegative(),
  contentUrl: z.string(),
});
export type DocumentView = z.infer<typeof DocumentView>;

export const DocumentList = z.object({ items: z.array(DocumentView) });

/** A document with its geotag opened (`withOpenGeotag`). */
type Viewable = Omit<UploadedState, 'status' | 'revision' | 'uploadProposalId' | 'geotag'> & { geotag?: Geotag };

/** The view of a document for `actor`: duplicate offers outside its scope are only counted. */
export function toView(document: Viewable, actor: Pick<AuthenticatedActor, 'regionCode'>): DocumentView {
  const visible = document.duplicates.filter((match) => inScope(actor, match.regionCode));
  return {
    documentId: document.documentId,
    kind: document.kind,
    mediaType: document.mediaType,
    size: document.size,
    sha256: document.sha256,
    regionCode: document.regionCode,
    proposalIds: document.proposalIds,
    ...(document.geotag ? { geotag: document.geotag } : {}),
    ...(document.perceptualHash ? { perceptualHash: document.perceptualHash } : {}),
    uploadedBy: document.uploadedBy,
    uploadedAt: document.uploadedAt,
    duplicates: visible,
    duplicatesOutOfScope: document.duplicates.length - visible.length,
    contentUrl: `/v1/documents/${document.documentId}/content`,
  };
}
