import { Period, RegencyCode } from '@siks/contracts';
import { assertInScope, notFound, requireRole, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { cutoffHouseholds } from '../cutoffs/list.ts';
import { fixCutoff, readCutoff, type Cutoff } from '../cutoffs/fix.ts';
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
        body: z.strictObject({ regencyCode: RegencyCode, period: Period }),
        response: { 201: CutoffView },
      },
    },
    async (request, reply) => {
      const { regencyCode, period } = request.body;
      assertInScope(request.actor, regencyCode);
      const cutoff = await fixCutoff(
        { store: deps.store, db: deps.pool, now: deps.now, newId: deps.newId },
        { regencyCode, period, ...eventContext(request) },
      );
      return reply.code(201).header('location', `/v1/registry/cutoffs/${cutoff.cutoffId}`).send(toView(cutoff));
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
        summary: 'The households of a cut-off as they stood at its log position, whatever changed later',
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
      const page = await cutoffHouseholds({ store: deps.store, db: deps.pool }, cutoff, {
        region,
        limit,
        ...(cursor !== undefined ? { after: cursor } : {}),
      });
      const items = await Promise.all(page.households.map((found) => listItem(deps.keyring, found.state, found)));
      return {
        cutoff: toView(cutoff),
        items,
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );
}
