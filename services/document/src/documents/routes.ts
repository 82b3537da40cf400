import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Reason, uuidv7 } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import {
  assertInScope,
  conflict,
  notFound,
  requireRole,
  type AuthenticatedActor,
  type ServiceApp,
} from '@siks/service-kit';
import type { PersonalReadLog } from '@siks/service-kit/access';
import { z } from 'zod';
import { assertProposalOfVillage, OPEN_FOR_EVIDENCE, proposalStatus } from '../read-model/proposals.ts';
import { listDocumentsOfProposal } from '../read-model/queries.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { decideLink, decideUnlink } from './decide.ts';
import { documentEvent } from './events.ts';
import { requestMetadata } from './metadata.ts';
import { handleCommand, loadDocument } from './repository.ts';
import type { UploadedState } from './state.ts';
import { UPLOADER_ROLES } from './upload.ts';
import { BLOB_FIELD, documentSubject, withOpenGeotag, type DocumentKeyring } from './personal.ts';
import { DocumentList, DocumentView, toView } from './view.ts';

export interface RouteDeps {
  store: EventStore;
  pool: Pool;
  blobStore: BlobStore;
  /** Records every download of a file (a scan or a house photo is personal data). */
  reads: PersonalReadLog;
  keyring: DocumentKeyring;
  now: () => Date;
  newId?: () => string;
  /** How long to wait for a proposal drafted a moment ago (config `DOCUMENT_PROPOSAL_WAIT_MS`). */
  proposalWaitMs: number;
}

const Params = z.strictObject({ id: z.uuid() });
const LinkBody = z.strictObject({ proposalId: z.uuid() });
const WithdrawBody = z.strictObject({ proposalId: z.uuid(), reason: Reason });
const ContentQuery = z.strictObject({ download: z.enum(['0', '1', 'true', 'false']).optional() });
const ListQuery = z.strictObject({ proposalId: z.uuid() });

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' } as const;

/** An accepted document inside the caller's scope, or 404 (missing, refused, or out of scope alike). */
async function visibleDocument(store: EventStore, id: string, actor: AuthenticatedActor): Promise<UploadedState> {
  const state = await loadDocument(store, id);
  if (state.status !== 'uploaded') throw notFound();
  assertInScope(actor, state.regionCode);
  return state;
}

/**
 * `GET /v1/documents/:id`, `GET /v1/documents/:id/content`, `POST /v1/documents/:id/links`,
 * `POST /v1/documents/:id/withdrawals`, `GET /v1/documents?proposalId=`.
 */
export function registerDocumentRoutes(app: ServiceApp, deps: RouteDeps): void {
  const newId = deps.newId ?? uuidv7;

  app.get(
    '/v1/documents/:id',
    {
      schema: {
        summary: 'A document: kind, type, hash, region, proposals, geotag',
        params: Params,
        response: { 200: DocumentView },
      },
    },
    async (request) =>
      toView(
        await withOpenGeotag(deps.keyring, await visibleDocument(deps.store, request.params.id, request.actor)),
        request.actor,
      ),
  );

  app.get(
    '/v1/documents',
    {
      schema: {
        summary: "A proposal's documents inside the caller's scope (from the read model)",
        querystring: ListQuery,
        response: { 200: DocumentList },
      },
    },
    async (request) => {
      const documents = await listDocumentsOfProposal(deps.pool, request.query.proposalId, request.actor.regionCode);
      const opened = await Promise.all(documents.map((document) => withOpenGeotag(deps.keyring, document)));
      return { items: opened.map((document) => toView(document, request.actor)) };
    },
  );

  app.get(
    '/v1/documents/:id/content',
    {
      schema: {
        summary: "The document's bytes (every download is recorded)",
        params: Params,
        querystring: ContentQuery,
      },
    },
    async (request, reply) => {
      const document = await visibleDocument(deps.store, request.params.id, request.actor);
      const content = await documentContent(deps, document);
      await deps.reads.record(request, {
        purpose: 'document.content',
        subjects: [{ kind: 'document', id: document.documentId }],
        fields: ['file'],
        regions: [document.regionCode],
      });
      const download = request.query.download === '1' || request.query.download === 'true';
      // Photos may be shown in place; PDFs (which can carry scripts and forms) are always downloaded.
      const disposition = !download && document.mediaType !== 'application/pdf' ? 'inline' : 'attachment';
      const filename = `${document.documentId}.${EXTENSIONS[document.mediaType]}`;
      return reply
        .header('content-type', document.mediaType)
        .header('content-length', document.size)
        .header('content-disposition', `${disposition}; filename="${filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  );

  app.post(
    '/v1/documents/:id/links',
    {
      preHandler: requireRole(...UPLOADER_ROLES),
      schema: {
        summary: 'Link the document to a proposal (idempotent)',
        params: Params,
        body: LinkBody,
        response: { 200: DocumentView, 201: DocumentView },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const document = await visibleDocument(deps.store, request.params.id, actor);
      await assertProposalOfVillage(deps.pool, request.body.proposalId, document.regionCode, deps.proposalWaitMs);
      const metadata = requestMetadata(request, deps.now(), 'operator');
      const { state, appended } = await handleCommand(deps.store, request.params.id, (current) => {
        if (current.status === 'uploaded') assertInScope(actor, current.regionCode);
        const decision = decideLink({ proposalId: request.body.proposalId, linkedBy: actor.userId }, current);
        if (!decision.ok) throw notFound();
        return {
          events: decision.events.map((event) => documentEvent('DocumentLinked', event, metadata, newId())),
          result: undefined,
        };
      });
      if (state.status !== 'uploaded') throw notFound();
      return reply.code(appended ? 201 : 200).send(toView(await withOpenGeotag(deps.keyring, state), actor));
    },
  );

  app.post(
    '/v1/documents/:id/withdrawals',
    {
      preHandler: requireRole(...UPLOADER_ROLES),
      schema: {
        summary: 'Withdraw the document from a draft or returned proposal, with a reason (idempotent)',
        params: Params,
        body: WithdrawBody,
        response: { 200: DocumentView },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { proposalId, reason } = request.body;
      const document = await visibleDocument(deps.store, request.params.id, actor);
      // The proposal is of the document's village (links are refused otherwise); anything else is 404.
      await assertProposalOfVillage(deps.pool, proposalId, document.regionCode, 0);
      const status = await proposalStatus(deps.pool, proposalId);
      const metadata = requestMetadata(request, deps.now(), 'operator');
      const { state } = await handleCommand(deps.store, request.params.id, (current) => {
        if (current.status === 'uploaded') assertInScope(actor, current.regionCode);
        const decision = decideUnlink({ proposalId, reason, unlinkedBy: actor.userId }, current);
        if (!decision.ok) throw notFound();
        // Once submitted (until sent back), the evidence is what verification decides on.
        if (decision.events.length > 0 && (status === undefined || !OPEN_FOR_EVIDENCE.includes(status)))
          throw conflict(undefined, 'evidence_locked');
        return {
          events: decision.events.map((event) => documentEvent('DocumentUnlinked', event, metadata, newId())),
          result: undefined,
        };
      });
      if (state.status !== 'uploaded') throw notFound();
      return toView(await withOpenGeotag(deps.keyring, state), actor);
    },
  );
}

/**
 * The document's bytes: opened from the sealed file kept under its id, or (uploaded before files
 * were sealed) streamed from the clear file at its hash. 404 when its subject was forgotten (the
 * file is deleted and its key destroyed).
 */
async function documentContent(deps: RouteDeps, document: UploadedState): Promise<Buffer | Readable> {
  const sealed = await deps.blobStore.readSealed(document.documentId);
  if (sealed) {
    const bytes = await deps.keyring.openBytes(documentSubject(document.documentId), BLOB_FIELD, sealed);
    if (!bytes) throw notFound();
    if (createHash('sha256').update(bytes).digest('hex') !== document.sha256)
      throw new Error(`sealed file of document ${document.documentId} does not match its hash`);
    return bytes;
  }
  if (await deps.blobStore.has(document.sha256)) return deps.blobStore.open(document.sha256);
  // A forgotten document's file is gone on purpose: as if it never was.
  if (await deps.keyring.isForgotten(documentSubject(document.documentId))) throw notFound();
  throw new Error(`blob of document ${document.documentId} is missing from the store`);
}
