import { MAX_READ_SUBJECTS } from '@siks/contracts';
import { ProblemError, requireRole, type FileSigner, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { appendHandoff } from '../handoff/append.ts';
import { buildCutoffExport } from '../handoff/export.ts';
import { eventContext, type RouteDeps } from './deps.ts';
import { ownedHandoff, PROVINCE_ROLES, wrongStage } from './handoff-view.ts';

const ExportView = z.object({
  layout: z.string(),
  fileName: z.string(),
  /** The CSV file itself (UTF-8, CRLF lines). */
  content: z.string(),
  sha256: z.string(),
  rows: z.number(),
  households: z.number(),
  /** JWS (compact, EdDSA) over `{layout, fileName, sha256, rows, signedAt, subject}`: save it as `<fileName>.sig`. */
  signature: z.string(),
  keyId: z.string(),
});

/**
 * `POST /v1/registry/cutoffs/:id/export` (province roles, a forwarded cut-off): the file for the
 * ministry with its signed checksum. A POST because it records: the read of every household's
 * personal data (`PersonalDataRead`, purpose `registry.cutoff.export`, before the answer) and the
 * export itself (`CutoffExported`: checksum, counts, key). NIKs are in the file: a DTKS
 * submission needs them; the read is not counted against the daily browsing budget (a sanctioned
 * transfer, recorded in full).
 */
export function exportRoute(app: ServiceApp, deps: RouteDeps, signer: (() => Promise<FileSigner>) | undefined): void {
  app.post(
    '/v1/registry/cutoffs/:id/export',
    {
      preHandler: requireRole(...PROVINCE_ROLES),
      schema: {
        summary: 'Export a forwarded cut-off for the ministry (CSV, signed SHA-256; the read is recorded)',
        tags: ['cutoffs'],
        params: z.object({ id: z.uuid() }),
        response: { 200: ExportView },
      },
    },
    async (request) => {
      if (!signer) throw new ProblemError({ status: 503, code: 'export_signing_unconfigured' });
      const handoff = await ownedHandoff(deps, request.params.id, request.actor);
      if (handoff.stage !== 'forwarded') throw wrongStage(handoff);
      const file = await buildCutoffExport({ store: deps.store, db: deps.pool, opener: deps.keyring }, handoff);
      const keys = await signer();
      const { cutoffId, regencyCode, period } = handoff;
      const signature = await keys.sign({
        layout: file.layout,
        fileName: file.fileName,
        sha256: file.sha256,
        rows: file.rows,
        signedAt: deps.now().toISOString(),
        subject: { cutoffId, regencyCode, period },
      });
      for (let at = 0; at < file.households.length; at += MAX_READ_SUBJECTS) {
        const chunk = file.households.slice(at, at + MAX_READ_SUBJECTS);
        await deps.reads.record(request, {
          purpose: 'registry.cutoff.export',
          subjects: chunk.map((household) => ({ kind: 'household', id: household.householdId })),
          fields: ['name', 'nik', 'kk', 'birth'],
          regions: chunk.map((household) => household.regionCode),
        });
      }
      await appendHandoff(
        deps,
        cutoffId,
        handoff.revision,
        [
          {
            type: 'CutoffExported',
            data: {
              cutoffId,
              regencyCode,
              period,
              regionCode: regencyCode,
              layout: file.layout,
              sha256: file.sha256,
              rows: file.rows,
              households: file.households.length,
              keyId: keys.keyId,
            },
          },
        ],
        eventContext(request),
      );
      return {
        layout: file.layout,
        fileName: file.fileName,
        content: file.content,
        sha256: file.sha256,
        rows: file.rows,
        households: file.households.length,
        signature,
        keyId: keys.keyId,
      };
    },
  );
}
