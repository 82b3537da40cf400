import fastifyMultipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { DocumentKind, DocumentMediaType, Geotag } from '@siks/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlobStore, StagedBlob } from '../storage/blob-store.ts';
import { StorageError, TooLargeError } from '../storage/errors.ts';
import {
  EvidenceError,
  MalformedUploadError,
  NotMultipartError,
  TypeMismatchError,
  UnsupportedTypeError,
  UploadLimitError,
} from './errors.ts';
import { inspectEvidence, type InspectOptions } from './inspect.ts';
import type { FileClaim } from './sniff.ts';
import { acceptField, requireParts, UPLOAD_FIELD_NAMES, type UploadFields } from './upload-fields.ts';

/** What an accepted upload produced; the route answers 201 with exactly this. */
export interface UploadedDocument {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: DocumentMediaType;
  kind: DocumentKind;
  proposalId?: string;
  geotag?: Geotag;
  perceptualHash?: string;
}

/** The form fields of an upload once every part was read (`kind` is there). */
export type AcceptedFields = UploadFields & { kind: DocumentKind };

/** A file refused for what its bytes are (read to the end, so hashed and counted). */
export interface RejectedUpload {
  reason: 'unsupported_file_type' | 'file_type_mismatch';
  sha256: string;
  size: number;
}

export interface UploadRouteDeps {
  blobStore: BlobStore;
  /** Largest accepted file, bytes; enforced while streaming. */
  maxFileBytes: number;
  /** New document ids (UUIDv7 in production; may derive one from an `Idempotency-Key`). */
  newId: (request: FastifyRequest) => string;
  /**
   * Called once every part is read, before the file is inspected or kept: throw to refuse the
   * upload (scope, region). Nothing is stored when it throws.
   */
  authorize?: (fields: AcceptedFields, request: FastifyRequest) => Promise<void> | void;
  /**
   * Called once the blob is stored under its hash: append `DocumentUploaded` here (the
   * request carries the caller's identity). Resolves to the 201 body, or to `undefined` for
   * `document` itself. A throw answers with that error; the blob stays (content-addressed,
   * unreferenced, reused by a retry).
   */
  onStored: (document: UploadedDocument, request: FastifyRequest, fields: AcceptedFields) => Promise<unknown>;
  /**
   * Seals the file's bytes for the document (personal data at rest: scans of KTP and KK, photos
   * of a house). When given, the bytes are kept sealed under the document id instead of clear
   * under their hash.
   */
  seal?: (documentId: string, bytes: Buffer) => Promise<Buffer>;
  /**
   * Called when the file's bytes are refused (not JPEG/PNG/PDF, or another type than claimed),
   * before the error is answered: record `DocumentRejected` here if useful. Nothing is kept of
   * the file. A throw is logged and the refusal answered all the same.
   */
  onRejected?: (rejection: RejectedUpload, request: FastifyRequest, fields: AcceptedFields) => Promise<void>;
  /** Route path; `/v1/documents` by default. */
  path?: string;
  inspect?: InspectOptions;
}

/** Largest value of a form field (`kind`, `proposalId`), bytes. */
const FIELD_SIZE = 100;

/**
 * `POST <path>`: a `multipart/form-data` upload of `file` (exactly one), `kind` and optional
 * `proposalId`, `regionCode` and `channel`, in any order. The file is streamed into the blob store's staging area (the
 * size limit is enforced while streaming), typed by its bytes, its EXIF read, and only then
 * committed under its SHA-256; any failure leaves nothing behind. Errors are thrown as
 * `EvidenceError`/`StorageError` (stable `code`, `status`). Register it with
 * `app.register(registerUploadRoute, deps)`; it registers `@fastify/multipart` in its scope.
 */
export async function registerUploadRoute(app: FastifyInstance, deps: UploadRouteDeps): Promise<void> {
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    // A part named `file` is the file even when the client sent no file name.
    isPartAFile: (fieldName, contentType, fileName) =>
      fieldName === 'file' || fileName !== undefined || contentType === 'application/octet-stream',
    limits: {
      // One byte over the store's limit, so the store sees the overflow and aborts.
      fileSize: deps.maxFileBytes + 1,
      files: 1,
      fields: UPLOAD_FIELD_NAMES.length,
      parts: UPLOAD_FIELD_NAMES.length + 1,
      fieldSize: FIELD_SIZE,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });
  const path = deps.path ?? '/v1/documents';

  app.post(path, async (request, reply) => {
    if (!request.isMultipart()) throw new NotMultipartError();
    const fields: UploadFields = {};
    let staged: StagedBlob | undefined;
    let claim: FileClaim = {};
    try {
      const parts = request.parts();
      for (;;) {
        const next = await nextPart(parts, deps.maxFileBytes);
        if (next.done) break;
        const part = next.value;
        if (part.type === 'field') {
          acceptField(fields, part.fieldname, part.value, part.valueTruncated, FIELD_SIZE);
          continue;
        }
        if (part.fieldname !== 'file' || staged) {
          part.file.destroy();
          if (part.fieldname !== 'file') acceptField(fields, part.fieldname, undefined, false, FIELD_SIZE);
          throw new UploadLimitError('files');
        }
        claim = { filename: part.filename, mimetype: part.mimetype };
        staged = await stageFile(deps.blobStore, part.file, deps.maxFileBytes);
      }
      requireParts(fields, staged !== undefined);
      if (!staged) throw new Error('unreachable: requireParts checks the file');
      await deps.authorize?.(fields, request);
      const inspection = await inspectOrReport(staged, claim, fields, request, deps);
      const documentId = deps.newId(request);
      const seal = deps.seal;
      const stored = seal
        ? await staged.commitSealed(documentId, (bytes) => seal(documentId, bytes))
        : await staged.commit();
      const document: UploadedDocument = {
        documentId,
        sha256: stored.sha256,
        size: stored.size,
        mediaType: inspection.mediaType,
        kind: fields.kind,
        ...(fields.proposalId ? { proposalId: fields.proposalId } : {}),
        ...(inspection.geotag ? { geotag: inspection.geotag } : {}),
        ...(inspection.perceptualHash ? { perceptualHash: inspection.perceptualHash } : {}),
      };
      const body = await deps.onStored(document, request, fields);
      return await reply
        .code(201)
        .header('location', `${path}/${document.documentId}`)
        .send(body ?? document);
    } catch (error) {
      // Refused before the body was read to its end: close the connection after the answer
      // instead of letting the server drain the rest of a (possibly huge) upload.
      if (!request.raw.complete) reply.header('connection', 'close');
      throw error;
    } finally {
      await staged?.discard();
    }
  });
}

/** Inspects the staged file; a refusal of its bytes is reported to `onRejected` first. */
async function inspectOrReport(
  staged: StagedBlob,
  claim: FileClaim,
  fields: AcceptedFields,
  request: FastifyRequest,
  deps: UploadRouteDeps,
): Promise<Awaited<ReturnType<typeof inspectEvidence>>> {
  try {
    return await inspectEvidence(staged.tempPath, claim, deps.inspect);
  } catch (error) {
    if (deps.onRejected && (error instanceof UnsupportedTypeError || error instanceof TypeMismatchError)) {
      const reason = error instanceof UnsupportedTypeError ? 'unsupported_file_type' : 'file_type_mismatch';
      try {
        await deps.onRejected({ reason, sha256: staged.sha256, size: staged.size }, request, fields);
      } catch (reportError) {
        request.log.error({ err: reportError }, 'recording a refused upload failed');
      }
    }
    throw error;
  }
}

async function nextPart(parts: AsyncIterableIterator<Multipart>, maxBytes: number): Promise<IteratorResult<Multipart>> {
  try {
    return await parts.next();
  } catch (error) {
    throw fromMultipartError(error, maxBytes);
  }
}

/** Streams a file part into staging; a failure of the client's stream is a malformed upload. */
async function stageFile(store: BlobStore, file: MultipartFile['file'], maxBytes: number): Promise<StagedBlob> {
  try {
    const staged = await store.stage(file, { maxBytes });
    if (file.truncated) {
      await staged.discard();
      throw new TooLargeError(maxBytes);
    }
    return staged;
  } catch (error) {
    if (error instanceof StorageError) throw error;
    // The part's stream was destroyed with this error by the parser (not a disk failure).
    if (file.errored !== null && error === file.errored) throw fromMultipartError(error, maxBytes);
    throw error;
  }
}

/** Maps @fastify/multipart and busboy failures to the service's typed errors. */
function fromMultipartError(error: unknown, maxBytes: number): Error {
  if (error instanceof EvidenceError || error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new NotMultipartError();
    case 'FST_PARTS_LIMIT':
      return new UploadLimitError('parts');
    case 'FST_FILES_LIMIT':
      return new UploadLimitError('files');
    case 'FST_FIELDS_LIMIT':
      return new UploadLimitError('fields');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new TooLargeError(maxBytes);
    default:
      return new MalformedUploadError(error);
  }
}
