import { Nik } from '@siks/contracts';
import type { ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { currentHousehold, type FoldedHousehold } from '../households/queries.ts';
import { accessRegion } from '@siks/service-kit/access';
import { householdIdsByNik } from '../read-model/queries.ts';
import { accessLevel } from '../views/access-level.ts';
import { householdView } from '../views/open.ts';
import { HouseholdView } from '../views/schemas.ts';
import { eventContext, isWithinRegion, type RouteDeps } from './deps.ts';

export function lookupRoute(app: ServiceApp, deps: RouteDeps): void {
  app.post(
    '/v1/registry/lookup',
    {
      schema: {
        summary: 'The household(s) of a NIK within the caller’s scope; the lookup is recorded',
        description: 'The NIK travels in the body, never in a URL. Every lookup appends a NikLookedUp access event.',
        tags: ['households'],
        body: z.strictObject({ nik: Nik }),
        response: { 200: z.object({ found: z.boolean(), households: z.array(HouseholdView) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      // The index the read model knows the person by, also during a blind-index key rotation.
      const nikIndex = await deps.keyring.identityIndex('nik', request.body.nik);
      const candidates = await householdIdsByNik(deps.pool, nikIndex, actor.regionCode);
      // The read model names the candidates; each is confirmed against its stream (exact, current).
      const confirmed = (await Promise.all(candidates.map((id) => currentHousehold(deps.store, id)))).filter(
        (found): found is FoldedHousehold =>
          found !== undefined &&
          isWithinRegion(actor.regionCode, found.state.doc.regionCode) &&
          found.state.doc.members.some((member) => member.nikIndex === nikIndex),
      );
      await deps.access.record(
        'NikLookedUp',
        {
          nikIndex,
          found: confirmed.length > 0,
          householdIds: confirmed.map((found) => found.state.householdId),
          regionCode: accessRegion(
            confirmed.map((found) => found.state.doc.regionCode),
            actor.regionCode,
          ),
        },
        eventContext(request),
      );
      const level = accessLevel(actor.role);
      const households = await Promise.all(
        confirmed.map((found) =>
          householdView(deps.keyring, found.state, level, { revision: found.revision, updatedAt: found.updatedAt }),
        ),
      );
      return { found: households.length > 0, households };
    },
  );
}
