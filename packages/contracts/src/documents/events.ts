import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
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
  geotag: Geotag.optional(),
  perceptualHash: PerceptualHash.optional(),
  /** The region the document belongs to (the uploader's village for an operator). */
  regionCode: RegionCode,
  uploadedBy: z.string().min(1).max(200),
});
export type DocumentUploadedV1 = z.infer<typeof DocumentUploadedV1>;

/** The document now backs a proposal (a document may back one proposal at a time per link). */
export const DocumentLinkedV1 = z.strictObject({
  documentId: z.uuid(),
  proposalId: z.uuid(),
});
export type DocumentLinkedV1 = z.infer<typeof DocumentLinkedV1>;

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

/** Event type names and their current schema versions. */
export const DocumentEventTypes = {
  DocumentUploaded: { type: 'DocumentUploaded', schemaVersion: 1 },
  DocumentLinked: { type: 'DocumentLinked', schemaVersion: 1 },
  DocumentRejected: { type: 'DocumentRejected', schemaVersion: 1 },
} as const;
export type DocumentEventType = keyof typeof DocumentEventTypes;

/** `{type, schemaVersion, data}` of any document event, checked as one discriminated union. */
export const DocumentEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('DocumentUploaded'), schemaVersion: z.literal(1), data: DocumentUploadedV1 }),
  z.strictObject({ type: z.literal('DocumentLinked'), schemaVersion: z.literal(1), data: DocumentLinkedV1 }),
  z.strictObject({ type: z.literal('DocumentRejected'), schemaVersion: z.literal(1), data: DocumentRejectedV1 }),
]);
export type DocumentEvent = z.infer<typeof DocumentEvent>;
