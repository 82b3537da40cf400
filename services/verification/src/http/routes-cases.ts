import { CaseListQuery } from '@siks/contracts';
import { isWithin } from '@siks/wilayah';
import { ValidationProblem, notFound, type ServiceApp } from '@siks/service-kit';
import { listCases } from '../queue/list.ts';
import { caseView } from './case-view.ts';
import { caseInScope, type RouteContext } from './context.ts';
import { etagOf } from './etag.ts';
import { CaseDetailResponse, CaseListResponse, ProposalIdParams } from './schemas.ts';

/** The work queue and one case; every role may read what lies within its scope. */
export function caseReadRoutes(app: ServiceApp, context: RouteContext): void {
  app.get(
    '/v1/verification/cases',
    {
      schema: {
        summary: 'Work queue of verification cases (scope-filtered, oldest first)',
        tags: ['verification'],
        querystring: CaseListQuery,
        response: { 200: CaseListResponse },
      },
    },
    async (request) => {
      const { region, status, cursor, limit } = request.query;
      const scope = request.actor.regionCode;
      // A region outside the caller's scope is answered like an unknown one.
      if (region !== undefined && !isWithin(region, scope) && !isWithin(scope, region)) throw notFound();
      const page = await listCases(context.pool, { scope, region, status, cursor, limit });
      if (!page) throw new ValidationProblem([{ path: 'query.cursor', code: 'invalid' }]);
      return { items: page.items, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
    },
  );

  app.get(
    '/v1/verification/cases/:proposalId',
    {
      schema: {
        summary: 'A verification case: checks, evidence, decisions, field validations; ETag = revision',
        tags: ['verification'],
        params: ProposalIdParams,
        response: { 200: CaseDetailResponse },
      },
    },
    async (request, reply) => {
      const state = await caseInScope(context, request.actor, request.params.proposalId);
      reply.header('etag', etagOf(state.revision));
      const view = await caseView(context.pool, context.keyring, state, request.actor);
      // Field-validation instructions and notes are free texts about the family, sealed: opening them is a read.
      if (view.fieldValidations.some((fv) => fv.instructions !== null || (fv.notes ?? null) !== null))
        await context.reads.record(request, {
          purpose: 'verification.case.field_texts',
          subjects: [{ kind: 'proposal', id: state.proposalId }],
          fields: ['free_text'],
          regions: [state.regionCode],
        });
      return view;
    },
  );
}
