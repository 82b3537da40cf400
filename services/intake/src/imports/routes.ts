import { createHash } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import {
  assertInScope,
  inScope,
  notFound,
  ProblemError,
  toEventActor,
  ValidationProblem,
  type ServiceApp,
} from '@siks/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { writers } from '../http/context.ts';
import { languageOf } from '../http/render.ts';
import type { IntakeApp } from '../http/types.ts';
import { validationDeps } from '../proposals/rules.ts';
import { findImport, insertImport, leaseImport, rowCounts, rowPage, type ImportRecord } from './import-store.ts';
import { parseImportFile } from './parse.ts';
import { importIdOf, planImport } from './plan.ts';
import { fillTemplate, type MessageLanguage } from '@siks/contracts';
import { intakeCatalogue } from '../http/messages.ts';
import type { FileIssue } from './rows.ts';
import { IMPORT_LEASE_MS, type ImportRunner } from './runner.ts';
import { loadMeeting } from '../meetings/meeting.ts';
import { formatOf, RAW_UPLOAD_TYPES, readUpload, type Upload } from './upload.ts';
import { registerTemplateRoutes } from './templates.ts';

const ImportParams = z.object({ id: z.uuid() }).strict();
const RowsQuery = z
  .object({
    status: z.enum(['pending', 'accepted', 'rejected']).optional(),
    afterRow: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

/**
 * `POST /v1/intake/imports` (CSV or XLSX by-name-by-address file; `202` with the import) and
 * `GET /v1/intake/imports/:id` (progress and a result per row). The file is checked whole before
 * anything is recorded: a file-level fault (missing column, broken quote, unreadable XLSX) is a
 * 422 and nothing is written. The same file for the same region is the same import.
 */
export async function registerImportRoutes(
  app: IntakeApp,
  context: IntakeContext,
  runner: ImportRunner,
): Promise<void> {
  const { pool, regions, clock, config } = context;
  const maxBytes = config.INTAKE_IMPORT_MAX_BYTES;
  registerTemplateRoutes(app);

  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: true,
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: 4,
        parts: 5,
        fieldSize: 100,
        fieldNameSize: 100,
        headerPairs: 20,
      },
    });
    scope.addContentTypeParser(RAW_UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    (scope as unknown as ServiceApp).post(
      '/v1/intake/imports',
      {
        preHandler: writers,
        bodyLimit: maxBytes,
        schema: {
          summary: 'Import a BNBA file (musdes, rtrw) or a population extract (adminduk); 202 with the import',
          tags: ['imports'],
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, maxBytes);
        const answer = await receive(request, upload);
        return reply
          .code(answer.fresh ? 202 : 200)
          .header('location', `/v1/intake/imports/${answer.record.importId}`)
          .send(await importView(request, answer.record, { afterRow: 0, limit: 0 }));
      },
    );
  });

  async function receive(request: FastifyRequest, upload: Upload): Promise<{ record: ImportRecord; fresh: boolean }> {
    const actor = request.actor;
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const importId = importIdOf(actor.regionCode, sha256);
    const existing = await findImport(pool, importId);
    if (existing && (existing.status === 'completed' || existing.leased || runner.isRunning(importId)))
      return { record: existing, fresh: false };
    const { meetingId } = upload.options;
    if (meetingId !== undefined) {
      if (upload.options.channel !== 'musdes')
        throw new ValidationProblem([{ path: 'meetingId', code: 'meeting.musdes_only' }]);
      const meeting = await loadMeeting(context.store, meetingId);
      if (!meeting || !inScope(actor, meeting.regionCode))
        throw new ValidationProblem([{ path: 'meetingId', code: 'meeting.unknown' }]);
    }
    const now = clock();
    const format = formatOf(upload);
    const outcome = await parseImportFile(upload.bytes, format, {
      channel: upload.options.channel,
      deps: validationDeps(regions, now),
      maxRows: config.INTAKE_IMPORT_MAX_ROWS,
      maxXlsxInflatedBytes: config.INTAKE_IMPORT_MAX_XLSX_INFLATED_BYTES,
    });
    if (!outcome.ok) throw fileRejected(outcome.errors);
    const plan = planImport(importId, outcome, (region) => inScope(actor, region));
    const job = {
      importId,
      channel: upload.options.channel,
      submit: upload.options.submit,
      plan,
      actor: toEventActor(actor),
      correlationId: request.id,
      ...(meetingId !== undefined ? { meetingId } : {}),
    };
    if (existing) {
      // Interrupted earlier (or its run died): this upload of the same file resumes it.
      if (!(await leaseImport(pool, importId, IMPORT_LEASE_MS))) return { record: existing, fresh: false };
      const { meetingId: _asked, ...resumed } = job;
      runner.start({
        ...resumed,
        channel: existing.channel as typeof job.channel,
        submit: existing.submit,
        // A resumed import keeps the meeting it was first uploaded for.
        ...(existing.meetingId !== null ? { meetingId: existing.meetingId } : {}),
      });
      return { record: (await findImport(pool, importId)) ?? existing, fresh: true };
    }
    const inserted = await insertImport(pool, {
      importId,
      regionCode: actor.regionCode,
      sha256,
      channel: upload.options.channel,
      format,
      submit: upload.options.submit,
      createdBy: actor.userId,
      at: now,
      leaseMs: IMPORT_LEASE_MS,
      rowCount: outcome.rowCount,
      proposalsTotal: plan.proposals.length,
      referencesTotal: plan.references,
      warnings: outcome.warnings,
      rows: plan.rows,
      ...(meetingId !== undefined ? { meetingId } : {}),
    });
    const record = await findImport(pool, importId);
    if (!record) throw new Error('import vanished after it was recorded');
    if (inserted) runner.start(job);
    return { record, fresh: inserted };
  }

  app.get(
    '/v1/intake/imports/:id',
    {
      schema: {
        summary: 'Progress of an import and a result per row (paged by row number)',
        tags: ['imports'],
        params: ImportParams,
        querystring: RowsQuery,
      },
    },
    async (request) => {
      const record = await findImport(pool, request.params.id);
      if (!record) throw notFound();
      assertInScope(request.actor, record.regionCode);
      return importView(request, record, request.query);
    },
  );

  async function importView(
    request: FastifyRequest,
    record: ImportRecord,
    page: { afterRow: number; limit: number; status?: 'pending' | 'accepted' | 'rejected' },
  ) {
    const language = languageOf(request);
    const counts = await rowCounts(pool, record.importId);
    const rows = page.limit > 0 ? await rowPage(pool, record.importId, page) : [];
    const last = rows.at(-1);
    const done = record.proposalsTotal === 0 ? 1 : record.proposalsCreated / record.proposalsTotal;
    return {
      importId: record.importId,
      channel: record.channel,
      regionCode: record.regionCode,
      format: record.format,
      sha256: record.sha256,
      submit: record.submit,
      ...(record.meetingId !== null ? { meetingId: record.meetingId } : {}),
      status: record.status,
      createdBy: record.createdBy,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      progress: {
        rows: record.rowCount,
        rowsAccepted: counts.accepted,
        rowsPending: counts.pending,
        rowsRejected: counts.rejected,
        proposals: record.proposalsTotal,
        proposalsCreated: record.proposalsCreated,
        populationReferences: record.referencesTotal,
        percent: record.status === 'completed' ? 100 : Math.floor(done * 100),
      },
      warnings: record.warnings.map((issue) => renderImportIssue(issue, language)),
      rows: rows.map((row) => ({
        ...row,
        ...(row.errors ? { errors: row.errors.map((issue) => renderImportIssue(issue, language)) } : {}),
        ...(row.warnings ? { warnings: row.warnings.map((issue) => renderImportIssue(issue, language)) } : {}),
      })),
      ...(page.limit > 0 && rows.length === page.limit && last ? { nextAfterRow: last.row } : {}),
    };
  }
}

/** `{…issue, message}` with the text of its code in the caller's language. */
function renderImportIssue<T extends { code: string; params?: Record<string, string | number> }>(
  issue: T,
  language: MessageLanguage,
): T & { message: string } {
  const text = intakeCatalogue.fields?.[issue.code];
  return { ...issue, message: text ? fillTemplate(text[language], issue.params) : issue.code };
}

/** 422: the file as a whole is unusable; nothing was recorded. Errors point at `file`. */
function fileRejected(errors: readonly FileIssue[]): ProblemError {
  return new ProblemError({
    status: 422,
    code: 'import_rejected',
    errors: errors.map((issue) => ({
      path: 'file',
      code: issue.code,
      ...(issue.params ? { params: issue.params } : {}),
    })),
  });
}
