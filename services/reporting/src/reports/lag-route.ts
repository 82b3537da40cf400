import type { ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { readLag } from '../consumers/lag.ts';
import type { ReportDeps } from './deps.ts';

export const LagResponse = z.object({
  projections: z.array(
    z.object({
      name: z.string(),
      generation: z.number().int(),
      groupId: z.string(),
      lagEvents: z.number().int(),
      lagSeconds: z.number().nullable(),
      eventsApplied: z.number().int(),
      lastEvent: z.object({ eventId: z.string(), logPosition: z.string(), recordedAt: z.string() }).nullable(),
      lastAppliedAt: z.string().nullable(),
      rebuilding: z
        .object({
          generation: z.number().int(),
          processed: z.number().int(),
          total: z.number().int(),
          lagEvents: z.number().int(),
        })
        .nullable(),
    }),
  ),
});

/** Projection lag: operational, not regional, so any signed-in role may read it. */
export function registerLagRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/lag',
    {
      schema: {
        summary: 'Per projection: generation, last event applied, lag in events and seconds, rebuild progress',
        tags: ['reports'],
        response: { 200: LagResponse },
      },
    },
    async () => ({ projections: await readLag(deps.pool, deps.bus) }),
  );
}
