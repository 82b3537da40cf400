import { deterministicId, type DocumentUploadedV1 } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import {
  assertInScope,
  conflict,
  requireRole,
  ValidationProblem,
  type AuthenticatedActor,
  type UserRole,
} from '@siks/service-kit';
import type { Queryable } from '@siks/pg';
import type { Regions } from '@siks/wilayah';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UploadFieldError } from '../evidence/errors.ts';
import {
  registerUploadRoute,
  type AcceptedFields,
  type RejectedUpload,
  type UploadedDocument,
} from '../evidence/upload-route.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { decideUpload } from './decide.ts';
import { BLOB_FIELD, documentSubject, GEOTAG_FIELD, withOpenGeotag, type DocumentKeyring } from './personal.ts';
import { documentEvent, documentStreamId } from './events.ts';
import { requestMetadata } from './metadata.ts';
import { evidenceProblem, isEvidenceError } from './problems.ts';
import { assertProposalOfVillage } from '../read-model/proposals.ts';
import { handleCommand } from './repository.ts';
import { toView } from './view.ts';

/** Roles that hand in evidence: village operators, and district officers (field validation). */
export const UPLOADER_ROLES: readonly UserRole[] = ['operator_desa', 'verifikator_kabkota', 'admin_kabkota'];

export interface UploadDeps {
  store: EventStore;
  /** The read model (proposals' villages). */
  pool: Queryable;
  /** How long to wait for a proposal drafted a moment ago (config `DOCUMENT_PROPOSAL_WAIT_MS`). */
  proposalWaitMs: number;
  blobStore: BlobStore;
  /** Seals files and geotags per document (`document:<id>`). */
  keyring: DocumentKeyring;
  regions: Pick<Regions, 'village'>;
  maxFileBytes: number;
  maxImagePixels: number;
  now: () => Date;
  newId: () => string;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{1,200}$/;

/** The `Idempotency-Key` header, checked; undefined when not sent. */
function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationProblem([
      { path: 'headers.idempotency-key', code: 'invalid_format', params: { format: '[A-Za-z0-9_.:-]{1,200}' } },
    ]);
  }
  return key;
}

/**
 * The village a document belongs to: the `regionCode` field, or the operator's own village.
 * Out of the caller's scope is 404 (nothing leaks); a code that is no village is a field error.
 */
function resolveRegion(fields: AcceptedFields, actor: AuthenticatedActor, regions: UploadDeps['regions']): string {
  const regionCode = fields.regionCode ?? (actor.role === 'operator_desa' ? actor.regionCode : undefined);
  if (regionCode === undefined) throw new UploadFieldError([{ path: 'regionCode', code: 'required' }]);
  assertInScope(actor, regionCode);
  if (!regions.village(regionCode)) throw new UploadFieldError([{ path: 'regionCode', code: 'region_not_found' }]);
  return regionCode;
}

/**
 * `POST /v1/documents` in its own scope: the role guard and the header check run before the
 * body is read; the evidence route streams, types and stores the file; this appends
 * `DocumentUploaded` (or `DocumentRejected` for a refused file offered for a proposal).
 */
export async function registerDocumentUpload(app: FastifyInstance, deps: UploadDeps): Promise<void> {
  app.addHook('preHandler', requireRole(...UPLOADER_ROLES));
  app.addHook('preHandler', async (request) => {
    idempotencyKey(request);
  });
  // Typed evidence errors become problems; the service kit's handler (the parent) renders them.
  app.setErrorHandler((error) => {
    throw isEvidenceError(error) ? evidenceProblem(error) : error;
  });

  const newDocumentId = (request: FastifyRequest): string => {
    const key = idempotencyKey(request);
    return key === undefined ? deps.newId() : deterministicId(`document-upload:${request.actor.userId}`, key);
  };

  await registerUploadRoute(app, {
    blobStore: deps.blobStore,
    maxFileBytes: deps.maxFileBytes,
    newId: newDocumentId,
    inspect: { limitInputPixels: deps.maxImagePixels },
    async authorize(fields, request) {
      fields.regionCode = resolveRegion(fields, request.actor, deps.regions);
      // Evidence for a proposal of another village is refused like an unknown proposal (404).
      if (fields.proposalId !== undefined)
        await assertProposalOfVillage(deps.pool, fields.proposalId, fields.regionCode, deps.proposalWaitMs);
    },
    seal: (documentId, bytes) => deps.keyring.sealBytes(documentSubject(documentId), BLOB_FIELD, bytes),
    onStored: (document, request, fields) => recordUpload(deps, document, request, fields),
    onRejected: (rejection, request, fields) => recordRejection(deps, rejection, request, fields),
  });
}

async function recordUpload(
  deps: UploadDeps,
  document: UploadedDocument,
  request: FastifyRequest,
  fields: AcceptedFields,
): Promise<unknown> {
  const actor = request.actor;
  if (fields.regionCode === undefined) throw new Error('unreachable: authorize sets the region');
  const { geotag, ...rest } = document;
  const data: DocumentUploadedV1 = {
    ...rest,
    ...(geotag ? { geotag: await deps.keyring.seal(documentSubject(document.documentId), geotag, GEOTAG_FIELD) } : {}),
    regionCode: fields.regionCode,
    uploadedBy: actor.userId,
  };
  const metadata = requestMetadata(request, deps.now(), fields.channel ?? 'operator');
  const { state } = await handleCommand(deps.store, document.documentId, (current) => {
    const decision = decideUpload(data, current);
    if (!decision.ok) throw conflict(undefined, 'idempotency_conflict');
    return {
      events: decision.events.map((event) =>
        documentEvent('DocumentUploaded', event, metadata, deterministicId(document.documentId, 'uploaded')),
      ),
      result: undefined,
    };
  });
  if (state.status !== 'uploaded') throw new Error(`document ${document.documentId} is ${state.status} after upload`);
  return toView(await withOpenGeotag(deps.keyring, state), actor);
}

/**
 * A file refused for its bytes is recorded when it was offered for a proposal: verification
 * and auditors can then see that evidence was attempted and why it was refused. Refusals
 * without a proposal (and transport errors: empty, too large, malformed) leave no event.
 */
async function recordRejection(
  deps: UploadDeps,
  rejection: RejectedUpload,
  request: FastifyRequest,
  fields: AcceptedFields,
): Promise<void> {
  if (fields.proposalId === undefined || fields.regionCode === undefined) return;
  const documentId = deps.newId();
  const metadata = requestMetadata(request, deps.now(), fields.channel ?? 'operator');
  const event = documentEvent(
    'DocumentRejected',
    {
      documentId,
      reason: rejection.reason,
      kind: fields.kind,
      proposalId: fields.proposalId,
      sha256: rejection.sha256,
      size: rejection.size,
      regionCode: fields.regionCode,
      rejectedBy: request.actor.userId,
    },
    metadata,
    deps.newId(),
  );
  await deps.store.append(documentStreamId(documentId), [event], 'no_stream');
}
