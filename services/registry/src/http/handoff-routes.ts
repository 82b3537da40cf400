import { Reason } from '@siks/contracts';
import { ProblemError, requireRole, ValidationProblem, type FileSigner, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { appendHandoff } from '../handoff/append.ts';
import { loadHandoff } from '../handoff/state.ts';
import { answerRoutes } from './answer-routes.ts';
import { eventContext, narrowRegion, type RouteDeps } from './deps.ts';
import { exportRoute } from './export-route.ts';
import { handoffView, HandoffView, ownedHandoff, PROVINCE_ROLES, visibleHandoff, wrongStage } from './handoff-view.ts';

export function handoffRoutes(app: ServiceApp, deps: RouteDeps, signer: (() => Promise<FileSigner>) | undefined): void {
  const params = z.object({ id: z.uuid() });

  app.get(
    '/v1/registry/cutoffs/:id/handoff',
    {
      schema: {
        summary: 'Where a cut-off stands above the regency: province review, exports, the ministry’s answers',
        tags: ['cutoffs'],
        params,
        response: { 200: HandoffView },
      },
    },
    async (request) => {
      const handoff = await visibleHandoff(deps, request.params.id, request.actor);
      return handoffView(handoff, narrowRegion(request.actor, handoff.regencyCode) ?? handoff.regencyCode);
    },
  );

  app.post(
    '/v1/registry/cutoffs/:id/submission',
    {
      preHandler: requireRole('admin_kabkota'),
      schema: {
        summary: 'Send a fixed (or returned) cut-off to the province',
        tags: ['cutoffs'],
        params,
        response: { 200: HandoffView },
      },
    },
    async (request) => {
      const handoff = await ownedHandoff(deps, request.params.id, request.actor);
      if (handoff.stage !== 'fixed' && handoff.stage !== 'returned') throw wrongStage(handoff);
      const { cutoffId, regencyCode, period } = handoff;
      await appendHandoff(
        deps,
        cutoffId,
        handoff.revision,
        [{ type: 'CutoffSubmittedToProvince', data: { cutoffId, regencyCode, period, regionCode: regencyCode } }],
        eventContext(request),
      );
      return handoffView((await loadHandoff(deps.store, cutoffId))!, request.actor.regionCode);
    },
  );

  app.post(
    '/v1/registry/cutoffs/:id/review',
    {
      preHandler: requireRole(...PROVINCE_ROLES),
      schema: {
        summary: 'The province forwards a submitted cut-off to the ministry, or returns it with a reason',
        tags: ['cutoffs'],
        params,
        body: z.strictObject({ decision: z.enum(['forward', 'return']), reason: Reason.optional() }),
        response: { 200: HandoffView },
      },
    },
    async (request) => {
      const { decision, reason } = request.body;
      if (decision === 'return' && reason === undefined)
        throw new ValidationProblem([{ path: 'reason', code: 'reason.required' }]);
      const handoff = await ownedHandoff(deps, request.params.id, request.actor);
      if (handoff.stage !== 'submitted') throw wrongStage(handoff);
      const { cutoffId, regencyCode, period } = handoff;
      await appendHandoff(
        deps,
        cutoffId,
        handoff.revision,
        [
          {
            type: 'CutoffReviewedByProvince',
            data: {
              cutoffId,
              regencyCode,
              period,
              regionCode: regencyCode,
              decision: decision === 'forward' ? 'forwarded' : 'returned',
              ...(reason !== undefined ? { reason } : {}),
            },
          },
        ],
        { ...eventContext(request), ...(reason !== undefined ? { reason } : {}) },
      );
      return handoffView((await loadHandoff(deps.store, cutoffId))!, request.actor.regionCode);
    },
  );

  app.get(
    '/v1/registry/export-keys',
    {
      config: { public: true },
      schema: {
        summary: 'The public keys (JWKS) that verify signed cut-off exports (docs/cutoff-export.md)',
        tags: ['cutoffs'],
        response: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async () => {
      if (!signer) throw new ProblemError({ status: 503, code: 'export_signing_unconfigured' });
      return (await signer()).jwks as { keys: Record<string, unknown>[] };
    },
  );

  exportRoute(app, deps, signer);
  answerRoutes(app, deps);
}
