import { sendPdf } from '@siks/print';
import { forbidden, notFound, requireRole, type ServiceApp } from '@siks/service-kit';
import { disclosureOf } from '@siks/service-kit/access';
import type { Regions } from '@siks/wilayah';
import { z } from 'zod';
import { approvalList } from '../cutoffs/approval-list.ts';
import { readCutoff } from '../cutoffs/fix.ts';
import { renderApprovalList } from '../print/approval-list-pdf.ts';
import { isWithinRegion, type RouteDeps } from './deps.ts';

const Query = z.strictObject({
  /** `full`: whole NIKs (the list to sign); `masked`: a list to post in public. Auditors always get `masked`. */
  nik: z.enum(['full', 'masked']).default('full'),
  /** Where and when it is signed, and who signs: left out, a dotted line to fill in by hand. */
  place: z.string().trim().min(1).max(60).optional(),
  date: z.iso.date().optional(),
  title: z.string().trim().min(1).max(120).optional(),
  name: z.string().trim().min(1).max(120).optional(),
  /** A civil servant's NIP (18 digits); a regional head has none, so the line is left out without it. */
  nip: z
    .string()
    .regex(/^\d{18}$/, { error: 'nip.format' })
    .optional(),
});

/**
 * `GET /v1/registry/cutoffs/:id/approval-list`: the PDF list of a cut-off's approved proposals for
 * the Bupati/Walikota to sign. For the regency's and the province's officers and auditors whose
 * scope holds the whole regency (a village operator may read the cut-off, not the regency's
 * names: 403; another regency: 404). Its names and NIKs are a recorded read of personal data.
 */
export function approvalListRoute(app: ServiceApp, deps: RouteDeps, regions: () => Promise<Regions>): void {
  app.get(
    '/v1/registry/cutoffs/:id/approval-list',
    {
      preHandler: requireRole('verifikator_kabkota', 'admin_kabkota', 'admin_provinsi', 'pusdatin', 'auditor'),
      schema: {
        summary:
          'The approval list of a cut-off for signature by the Bupati/Walikota (PDF; names and NIKs: read recorded)',
        tags: ['cutoffs'],
        params: z.object({ id: z.uuid() }),
        querystring: Query,
      },
    },
    async (request, reply) => {
      const cutoff = await readCutoff(deps.store, request.params.id);
      if (!cutoff || !isWithinRegion(request.actor.regionCode, cutoff.regencyCode)) {
        // Inside the regency but narrower (an auditor of one village): the regency's list is not theirs.
        if (cutoff && isWithinRegion(cutoff.regencyCode, request.actor.regionCode)) throw forbidden();
        throw notFound();
      }
      const { nik: asked, place, date, title, name, nip } = request.query;
      const nik = disclosureOf(request.actor.role) === 'masked' ? 'masked' : asked;
      // A spent daily budget refuses the list; a list is never cut short (the signed list is whole).
      await deps.reads.openList(request.actor, 1);
      const list = await approvalList({ store: deps.store, db: deps.pool, keyring: deps.keyring }, cutoff, nik);
      const named = list.lines.filter((line) => line.head !== undefined);
      if (named.length > 0)
        await deps.reads.record(request, {
          purpose: 'registry.cutoff.approval_list',
          subjects: named.map((line) => ({ kind: 'household', id: line.householdId })),
          fields: ['name', nik === 'full' ? 'nik' : 'nik_masked'],
          regions: named.map((line) => line.regionCode),
          rows: named.length,
        });
      const pdf = await renderApprovalList({
        cutoff,
        list,
        regions: await regions(),
        nik,
        signing: {
          ...(place !== undefined ? { place } : {}),
          ...(date !== undefined ? { date } : {}),
          ...(title !== undefined ? { title } : {}),
          ...(name !== undefined ? { name } : {}),
          ...(nip !== undefined ? { nip } : {}),
        },
        printedBy: request.actor.userId,
        printedAt: deps.now(),
      });
      return sendPdf(reply, `daftar-penetapan-${cutoff.regencyCode}-${cutoff.period}.pdf`, pdf);
    },
  );
}
