import { CutoffStage, Period, RegencyCode } from '@siks/contracts';
import { assertInScope, notFound, requireRole, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { cutoffHouseholds } from '../cutoffs/list.ts';
import { fixCutoff, readCutoff, type Cutoff } from '../cutoffs/fix.ts';
import { assertCutoffPeriod } from '../cutoffs/period.ts';
import { listItem } from '../views/open.ts';
import { HouseholdListItem } from '../views/schemas.ts';
import { eventContext, narrowRegion, type RouteDeps } from './deps.ts';

const CutoffView = z.object({
  cutoffId: z.uuid(),
  regencyCode: z.string(),
  period: z.string(),
  logPosition: z.string(),
  fixedAt: z.string(),
  fixedBy: z.object({ userId: z.string(), role: z.string(), regionCode: z.string() }),
  /** Where it stands above the regency (lists; docs/cutoff-export.md); the province's return reason. */
  stage: CutoffStage.optional(),
  stageReason: z.string().optional(),
});

const toView = ({
  cutoffId,
  regencyCode,
  period,
  logPosition,
  fixedAt,
  fixedBy,
}: Cutoff): z.infer<typeof CutoffView> => ({
  cutoffId,
  regencyCode,
  period,
  logPosition,
  fixedAt,
  fixedBy,
});

export function cutoffRoutes(app: ServiceApp, deps: RouteDeps): void {
  app.post(
    '/v1/registry/cutoffs',
    {
      preHandler: requireRole('admin_kabkota'),
      schema: {
        summary: 'Fix the monthly cut-off (penetapan) of a regency at the current end of the household log',
        tags: ['cutoffs'],
        body: z.strictObject({
          regencyCode: RegencyCode,
          period: Period,
          /** The current month is not finished: fixing it anyway needs this (the console asks). */
          confirmUnfinished: z.boolean().optional(),
        }),
        response: { 201: CutoffView },
      },
    },
    async (request, reply) => {
      const { regencyCode, period, confirmUnfinished } = request.body;
      assertInScope(request.actor, regencyCode);
      assertCutoffPeriod(period, deps.now(), confirmUnfinished === true);
      const cutoff = await fixCutoff(
        { store: deps.store, db: deps.pool, now: deps.now, newId: deps.newId },
        { regencyCode, period, ...eventContext(request) },
      );
      return reply.code(201).header('location', `/v1/registry/cutoffs/${cutoff.cutoffId}`).send(toView(cutoff));
    },
  );

  app.get(
    '/v1/registry/cutoffs',
    {
      schema: {
        summary: 'Cut-offs fixed for the regencies in the caller’s scope, newest period first',
        tags: ['cutoffs'],
        querystring: z.strictObject({
          regencyCode: RegencyCode.optional(),
          /** Only cut-offs at this stage (the province's inbox: `submitted`). */
          stage: CutoffStage.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(CutoffView) }) },
      },
    },
    async (request) => {
      const { regencyCode, stage, limit } = request.query;
      if (regencyCode !== undefined && narrowRegion(request.actor, regencyCode) === undefined) throw notFound();
      // A regency is visible to a reader inside it (a village operator sees its regency's cut-offs).
      const scope = request.actor.regionCode;
      const { rows } = await deps.pool.query<{
        cutoff_id: string;
        regency_code: string;
        period: string;
        log_position: string;
        fixed_at: Date;
        fixed_by: Cutoff['fixedBy'];
        stage: CutoffStage;
        stage_reason: string | null;
      }>(
        `SELECT cutoff_id, regency_code, period, log_position, fixed_at, fixed_by, stage, stage_reason
           FROM registry.cutoffs
          WHERE ($1 = '' OR regency_code = $1 OR regency_code LIKE $1 || '.%' OR $1 LIKE regency_code || '.%')
            AND ($2::text IS NULL OR regency_code = $2)
            AND ($4::text IS NULL OR stage = $4)
          ORDER BY period DESC, regency_code LIMIT $3`,
        [scope, regencyCode ?? null, limit, stage ?? null],
      );
      return {
        items: rows.map((row) => ({
          cutoffId: row.cutoff_id,
          regencyCode: row.regency_code,
          period: row.period,
          logPosition: row.log_position,
          fixedAt: row.fixed_at.toISOString(),
          fixedBy: row.fixed_by,
          stage: row.stage,
          ...(row.stage_reason !== null ? { stageReason: row.stage_reason } : {}),
        })),
      };
    },
  );

  /** A cut-off a reader may see: its regency is in the reader's scope, or the reader works inside it. */
  const visibleCutoff = async (id: string, actor: { regionCode: string }): Promise<Cutoff> => {
    const cutoff = await readCutoff(deps.store, id);
    if (!cutoff || narrowRegion(actor, cutoff.regencyCode) === undefined) throw notFound();
    return cutoff;
  };

  app.get(
    '/v1/registry/cutoffs/:id',
    {
      schema: {
        summary: 'A cut-off',
        tags: ['cutoffs'],
        params: z.object({ id: z.uuid() }),
        response: { 200: CutoffView },
      },
    },
    async (request) => toView(await visibleCutoff(request.params.id, request.actor)),
  );

  app.get(
    '/v1/registry/cutoffs/:id/households',
    {
      schema: {
        summary:
          'The households of a cut-off as they stood at its log position (names: read recorded, page and daily budget capped)',
        tags: ['cutoffs'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          cursor: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ cutoff: CutoffView, items: z.array(HouseholdListItem), nextCursor: z.uuid().optional() }),
        },
      },
    },
    async (request) => {
      const cutoff = await visibleCutoff(request.params.id, request.actor);
      const region = narrowRegion(request.actor, cutoff.regencyCode) ?? cutoff.regencyCode;
      const { cursor, limit } = request.query;
      const pageSize = await deps.reads.openList(request.actor, limit);
      const page = await cutoffHouseholds({ store: deps.store, db: deps.pool }, cutoff, {
        region,
        limit: pageSize,
        ...(cursor !== undefined ? { after: cursor } : {}),
      });
      const items = await Promise.all(page.households.map((found) => listItem(deps.keyring, found.state, found)));
      if (items.length > 0)
        await deps.reads.record(request, {
          purpose: 'registry.cutoff.households',
          subjects: items.map((item) => ({ kind: 'household', id: item.householdId })),
          fields: ['name', 'nik_masked', 'kk_masked'],
          regions: items.map((item) => item.regionCode),
          rows: items.filter((item) => item.head?.name !== undefined).length,
        });
      return {
        cutoff: toView(cutoff),
        items,
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );
}
