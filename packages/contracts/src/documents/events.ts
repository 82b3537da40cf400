import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { Reason } from '../proposals/fields.ts';
import { Sealed } from '../proposals/personal.ts';
import { Geotag } from './geotag.ts';
import { DocumentKind, DocumentMediaType, PerceptualHash, Sha256Hex } from './kinds.ts';

/**
 * Events of the Document aggregate (stream per document), published on
 * `document.evidence.v1`. Who and when ride in the event metadata; the data repeats the
 * uploader's user id and region so consumers can scope without the envelope.
 * No file name is kept: client file names are not trusted and may carry personal data.
 */
export const DocumentUploadedV1 = z.strictObject({
  documentId: z.uuid(),
  sha256: Sha256Hex,
  kind: DocumentKind,
  mediaType: DocumentMediaType,
  size: z.number().int().positive(),
  proposalId: z.uuid().optional(),
  /**
   * Where the photo was taken: personal data (it places a household), sealed under the document's
   * subject (`document:<documentId>`, field `geotag`) since forgetting was built; events written
   * before carry it in clear and are read as they are.
   */
  geotag: z.union([Geotag, Sealed]).optional(),
  perceptualHash: PerceptualHash.optional(),
  /** The region the document belongs to (the uploader's village for an operator). */
  regionCode: RegionCode,
  uploadedBy: z.string().min(1).max(200),
});
export type DocumentUploadedV1 = z.infer<typeof DocumentUploadedV1>;

/**
 * The document now also backs `proposalId` (one link per event; a document may back several
 * proposals, e.g. the minutes of a village meeting). `regionCode` is the document's region.
 */
export const DocumentLinkedV1 = z.strictObject({
  documentId: z.uuid(),
  proposalId: z.uuid(),
  regionCode: RegionCode,
  linkedBy: z.string().min(1).max(200),
});
export type DocumentLinkedV1 = z.infer<typeof DocumentLinkedV1>;

/**
 * The document no longer backs `proposalId`: its uploader's village took it back while the
 * proposal was still a draft or sent back (a wrong photo, the wrong family). The file and the
 * earlier events stay in the log; verification stops counting it as that proposal's evidence.
 * `reason` is the person's own words (required; like every reason text, not personal data).
 */
export const DocumentUnlinkedV1 = z.strictObject({
  documentId: z.uuid(),
  proposalId: z.uuid(),
  regionCode: RegionCode,
  reason: Reason,
  unlinkedBy: z.string().min(1).max(200),
});
export type DocumentUnlinkedV1 = z.infer<typeof DocumentUnlinkedV1>;

/** Why a document was refused; codes only, never free text (no personal data can slip in). */
export const DocumentRejectionReason = z.enum([
  'file_too_large',
  'file_empty',
  'unsupported_file_type',
  'file_type_mismatch',
  'unreadable',
]);
export type DocumentRejectionReason = z.infer<typeof DocumentRejectionReason>;

/**
 * A refused upload or a document found unusable later. `sha256` and `size` are present when
 * the bytes were read to the end (not for a file refused while streaming).
 */
export const DocumentRejectedV1 = z.strictObject({
  documentId: z.uuid(),
  reason: DocumentRejectionReason,
  kind: DocumentKind.optional(),
  proposalId: z.uuid().optional(),
  sha256: Sha256Hex.optional(),
  size: z.number().int().nonnegative().optional(),
  regionCode: RegionCode,
  rejectedBy: z.string().min(1).max(200),
});
export type DocumentRejectedV1 = z.infer<typeof DocumentRejectedV1>;

/**
 * How a photo matched another offer: `same_document` (this very document already backs the
 * other proposal), `sha256` (the same bytes), `perceptual` (the same picture re-encoded or
 * rescaled: difference hashes within a few bits; `distance` is the Hamming distance).
 */
export const DocumentMatchKind = z.enum(['same_document', 'sha256', 'perceptual']);
export type DocumentMatchKind = z.infer<typeof DocumentMatchKind>;

export const DocumentMatch = z.strictObject({
  documentId: z.uuid(),
  proposalId: z.uuid(),
  regionCode: RegionCode,
  match: DocumentMatchKind,
  distance: z.number().int().min(0).max(64),
});
export type DocumentMatch = z.infer<typeof DocumentMatch>;

/**
 * A finding for verification (DOMAIN.md "Geotag checks"): the house photo `documentId`, just
 * offered for `proposalId` (uploaded with it or linked to it), is also evidence for other
 * proposals. Appended by the document service itself (actor `system`), on the photo's stream,
 * with an id derived from the event that offered it. Whether the proposals concern different
 * households is for verification to judge: the same household may have several proposals.
 */
export const DocumentDuplicateFoundV1 = z.strictObject({
  documentId: z.uuid(),
  proposalId: z.uuid(),
  regionCode: RegionCode,
  kind: DocumentKind,
  sha256: Sha256Hex,
  matches: z.array(DocumentMatch).min(1).max(50),
});
export type DocumentDuplicateFoundV1 = z.infer<typeof DocumentDuplicateFoundV1>;

/** Event type names and their current schema versions. */
export const DocumentEventTypes = {
  DocumentUploaded: { type: 'DocumentUploaded', schemaVersion: 1 },
  DocumentLinked: { type: 'DocumentLinked', schemaVersion: 1 },
  DocumentUnlinked: { type: 'DocumentUnlinked', schemaVersion: 1 },
  DocumentRejected: { type: 'DocumentRejected', schemaVersion: 1 },
  DocumentDuplicateFound: { type: 'DocumentDuplicateFound', schemaVersion: 1 },
} as const;
export type DocumentEventType = keyof typeof DocumentEventTypes;

/** `{type, schemaVersion, data}` of any document event, checked as one discriminated union. */
export const DocumentEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('DocumentUploaded'), schemaVersion: z.literal(1), data: DocumentUploadedV1 }),
  z.strictObject({ type: z.literal('DocumentLinked'), schemaVersion: z.literal(1), data: DocumentLinkedV1 }),
  z.strictObject({ type: z.literal('DocumentUnlinked'), schemaVersion: z.literal(1), data: DocumentUnlinkedV1 }),
  z.strictObject({ type: z.literal('DocumentRejected'), schemaVersion: z.literal(1), data: DocumentRejectedV1 }),
  z.strictObject({
    type: z.literal('DocumentDuplicateFound'),
    schemaVersion: z.literal(1),
    data: DocumentDuplicateFoundV1,
  }),
]);
export type DocumentEvent = z.infer<typeof DocumentEvent>;
