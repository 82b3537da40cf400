import { Nik } from '@siks/contracts';
import type { ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { accessRegion } from '@siks/service-kit/access';
import { eventContext, isWithinRegion, type RouteDeps } from './deps.ts';

/**
 * `POST /v1/registry/nik-check`: whether a NIK is in an active household of the registry, so an
 * operator learns while typing that a person is already registered (DOMAIN.md: one person, one
 * household). It says whether that household lies in the caller's area and nothing else: no
 * household, village or name outside scope. Every check is recorded (`NikLookedUp`).
 */
export function nikCheckRoute(app: ServiceApp, deps: RouteDeps): void {
  app.post(
    '/v1/registry/nik-check',
    {
      schema: {
        summary: 'Whether a NIK is active in the registry (in the caller’s area or elsewhere); recorded',
        description: 'The NIK travels in the body, never in a URL.',
        tags: ['households'],
        body: z.strictObject({ nik: Nik }),
        response: { 200: z.object({ registered: z.boolean(), inScope: z.boolean() }) },
      },
    },
    async (request) => {
      const { actor } = request;
      // The index the read model knows the person by, also during a blind-index key rotation.
      const nikIndex = await deps.keyring.identityIndex('nik', request.body.nik);
      const { rows } = await deps.pool.query<{ household_id: string; region_code: string }>(
        `SELECT household_id, region_code FROM registry.members
          WHERE nik_index = $1 AND status = 'active' ORDER BY household_id LIMIT 50`,
        [nikIndex],
      );
      const inScope = rows.filter((row) => isWithinRegion(actor.regionCode, row.region_code));
      await deps.access.record(
        'NikLookedUp',
        {
          nikIndex,
          found: rows.length > 0,
          householdIds: inScope.map((row) => row.household_id),
          regionCode: accessRegion(
            inScope.map((row) => row.region_code),
            actor.regionCode,
          ),
        },
        eventContext(request),
      );
      return { registered: rows.length > 0, inScope: inScope.length > 0 };
    },
  );
}
