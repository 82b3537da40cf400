import { HouseholdStatus, RegionCode, StreamChainReport, type Actor, type RecordedEvent } from '@siks/contracts';
import { streamChainReport } from '@siks/eventstore';
import { assertInScope, notFound, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { currentHousehold, householdAsOf } from '../households/queries.ts';
import { householdStream } from '../households/streams.ts';
import { listHouseholds } from '../read-model/queries.ts';
import { accessLevel } from '../views/access-level.ts';
import { householdView, listItem } from '../views/open.ts';
import { HouseholdListItem, HouseholdView } from '../views/schemas.ts';
import { eventContext, narrowRegion, type RouteDeps } from './deps.ts';
import { HistoryEntry, historyEntry } from './history.ts';

const IdParams = z.object({ id: z.uuid() });
const Limit = z.coerce.number().int().min(1).max(200).default(50);

export function householdRoutes(app: ServiceApp, deps: RouteDeps): void {
  app.get(
    '/v1/registry/households/:id',
    {
      schema: {
        summary: 'A household now, or as it stood at `asOf` (events recorded at or before it)',
        tags: ['households'],
        params: IdParams,
        querystring: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: HouseholdView },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { asOf } = request.query;
      const found =
        asOf === undefined ? await currentHousehold(deps.store, id) : await householdAsOf(deps.store, id, asOf);
      if (!found) throw notFound();
      assertInScope(request.actor, found.state.doc.regionCode);
      const level = accessLevel(request.actor.role);
      // Recorded for every role: a masked view still shows names.
      await deps.access.record(
        'HouseholdViewed',
        {
          householdId: id,
          view: asOf === undefined ? 'current' : 'as_of',
          ...(asOf !== undefined ? { asOf } : {}),
          regionCode: found.state.doc.regionCode,
        },
        eventContext(request),
      );
      return householdView(deps.keyring, found.state, level, {
        revision: found.revision,
        updatedAt: found.updatedAt,
        ...(asOf !== undefined ? { asOf } : {}),
      });
    },
  );

  app.get(
    '/v1/registry/households',
    {
      schema: {
        summary:
          'Households within a region (default: the caller’s scope), NIK and KK masked; read recorded, page and daily budget capped',
        tags: ['households'],
        querystring: z.object({
          region: RegionCode.optional(),
          status: HouseholdStatus.optional(),
          cursor: z.uuid().optional(),
          limit: Limit,
        }),
        response: { 200: z.object({ items: z.array(HouseholdListItem), nextCursor: z.uuid().optional() }) },
      },
    },
    async (request) => {
      const { region, status, cursor, limit } = request.query;
      const within = narrowRegion(request.actor, region);
      if (within === undefined) throw notFound();
      const pageSize = await deps.reads.openList(request.actor, limit);
      const rows = await listHouseholds(deps.pool, {
        region: within,
        limit: pageSize,
        ...(status !== undefined ? { status } : {}),
        ...(cursor !== undefined ? { after: cursor } : {}),
      });
      const items = await Promise.all(rows.map((row) => listItem(deps.keyring, row.state, row)));
      if (items.length > 0)
        await deps.reads.record(request, {
          purpose: 'registry.households.list',
          subjects: items.map((item) => ({ kind: 'household', id: item.householdId })),
          fields: ['name', 'nik_masked', 'kk_masked'],
          regions: items.map((item) => item.regionCode),
          rows: items.filter((item) => item.head?.name !== undefined).length,
        });
      const last = rows.at(-1);
      return { items, ...(rows.length === pageSize && last ? { nextCursor: last.householdId } : {}) };
    },
  );

  app.get(
    '/v1/registry/households/:id/history',
    {
      schema: {
        summary: 'Every change of a household, with the proposal and the people that caused it',
        tags: ['households'],
        params: IdParams,
        querystring: z.object({ cursor: z.coerce.number().int().min(0).optional(), limit: Limit }),
        response: { 200: z.object({ items: z.array(HistoryEntry), nextCursor: z.number().int().optional() }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { cursor, limit } = request.query;
      const streamId = householdStream(id);
      const { last, regionCode } = await lastInScope(streamId, request.actor);
      const level = accessLevel(request.actor.role);
      await deps.access.record(
        'HouseholdViewed',
        { householdId: id, view: 'history', regionCode },
        eventContext(request),
      );
      const events = await deps.store.readStream(streamId, { fromRevision: cursor ?? 0, maxCount: limit });
      const items = await Promise.all(events.map((event) => historyEntry(deps.keyring, event, level)));
      const next = events.at(-1);
      return {
        items,
        ...(events.length === limit && next && next.revision < last.revision ? { nextCursor: next.revision + 1 } : {}),
      };
    },
  );

  app.get(
    '/v1/registry/households/:id/chain',
    {
      schema: {
        summary: 'Whether the household’s event stream still verifies: every hash recomputed from the stored events',
        tags: ['households'],
        params: IdParams,
        response: { 200: StreamChainReport },
      },
    },
    async (request, reply) => {
      const streamId = householdStream(request.params.id);
      await lastInScope(streamId, request.actor);
      reply.header('cache-control', 'private, no-store');
      return streamChainReport(deps.store, streamId, deps.now());
    },
  );

  /** The stream's last event and the household's region, or 404 when absent or out of the caller's scope. */
  async function lastInScope(streamId: string, actor: Actor): Promise<{ last: RecordedEvent; regionCode: string }> {
    const [last] = await deps.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) throw notFound();
    const regionCode = String((last.data as { regionCode?: unknown }).regionCode ?? '');
    assertInScope(actor, regionCode);
    return { last, regionCode };
  }
}
