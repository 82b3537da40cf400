import { CaseListQuery } from '@siks/contracts';
import { isWithin } from '@siks/wilayah';
import { ValidationProblem, notFound, type ServiceApp } from '@siks/service-kit';
import { listCases } from '../queue/list.ts';
import { caseView } from './case-view.ts';
import { caseInScope, type RouteContext } from './context.ts';
import { familySummary } from './family-view.ts';
import { loadProposals } from '../inputs/gather.ts';
import { z } from 'zod';
import { etagOf } from './etag.ts';
import { CaseDetailResponse, CaseListResponse, ProposalIdParams } from './schemas.ts';

/** The queue names a family per row (opened and recorded), so a page holds at most 100. */
const CaseListPageQuery = CaseListQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/** The head's name of each proposal whose data still opens, by proposal id (nothing else leaves). */
async function headNames(context: RouteContext, proposalIds: readonly string[]): Promise<Map<string, string>> {
  const proposals = await loadProposals(context.pool, proposalIds);
  const named = await Promise.all(
    proposalIds.map(async (id) => {
      const content = proposals.get(id)?.content;
      if (!content) return undefined;
      const family = await familySummary(context.keyring, content).catch(() => undefined);
      return family?.name ? ([id, family.name] as const) : undefined;
    }),
  );
  return new Map(named.filter((entry) => entry !== undefined));
}

/** The work queue and one case; every role may read what lies within its scope. */
export function caseReadRoutes(app: ServiceApp, context: RouteContext): void {
  app.get(
    '/v1/verification/cases',
    {
      schema: {
        summary: 'Work queue of verification cases (scope-filtered, oldest first)',
        tags: ['verification'],
        querystring: CaseListPageQuery,
        response: { 200: CaseListResponse },
      },
    },
    async (request) => {
      const { region, status, cursor, limit } = request.query;
      const scope = request.actor.regionCode;
      // A region outside the caller's scope is answered like an unknown one.
      if (region !== undefined && !isWithin(region, scope) && !isWithin(scope, region)) throw notFound();
      // The queue names heads of household: a page counts against the reader's daily budget.
      const pageSize = await context.reads.openList(request.actor, limit);
      const page = await listCases(context.pool, { scope, region, status, cursor, limit: pageSize });
      if (!page) throw new ValidationProblem([{ path: 'query.cursor', code: 'invalid' }]);
      const names = await headNames(
        context,
        page.items.map((item) => item.proposalId),
      );
      if (names.size > 0)
        await context.reads.record(request, {
          purpose: 'verification.cases.list',
          subjects: [...names.keys()].map((id) => ({ kind: 'proposal', id })),
          fields: ['name'],
          regions: page.items.filter((item) => names.has(item.proposalId)).map((item) => item.regionCode),
          rows: names.size,
        });
      const items = page.items.map((item) => {
        const headName = names.get(item.proposalId);
        return headName === undefined ? item : { ...item, headName };
      });
      return { items, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
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
