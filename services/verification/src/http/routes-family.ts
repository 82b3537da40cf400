import { CaseListQuery, worstCheckResult } from '@siks/contracts';
import { isWithin } from '@siks/wilayah';
import { ValidationProblem, notFound, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { loadCase } from '../case/stream.ts';
import type { OpenCase } from '../case/state.ts';
import { loadProposals, type LoadedProposal } from '../inputs/gather.ts';
import { listCases } from '../queue/list.ts';
import type { RouteContext } from './context.ts';
import { familySummary } from './family-view.ts';
import { ApprovalListResponse } from './schemas.ts';
import { scopedOutcomes } from './scoped-findings.ts';

const ApprovalListQuery = CaseListQuery.pick({ region: true, cursor: true }).extend({
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/**
 * `GET /v1/verification/approvals/pending`: the verified cases waiting for the regency's
 * approval, each with what the approver decides on: who the family is (the head's name, opened
 * and the read recorded), the latest automated checks (cut to the caller's scope), the checks the
 * verifikator overrode and the verifikator's note.
 */
export function approvalListRoutes(app: ServiceApp, context: RouteContext): void {
  app.get(
    '/v1/verification/approvals/pending',
    {
      schema: {
        summary: 'Verified cases awaiting approval, with the family, checks and the verifier’s note',
        tags: ['verification'],
        querystring: ApprovalListQuery,
        response: { 200: ApprovalListResponse },
      },
    },
    async (request) => {
      const { region, cursor, limit } = request.query;
      const scope = request.actor.regionCode;
      // A region outside the caller's scope is answered like an unknown one.
      if (region !== undefined && !isWithin(region, scope) && !isWithin(scope, region)) throw notFound();
      const pageSize = await context.reads.openList(request.actor, limit);
      const page = await listCases(context.pool, { scope, region, status: 'verified', cursor, limit: pageSize });
      if (!page) throw new ValidationProblem([{ path: 'query.cursor', code: 'invalid' }]);
      const ids = page.items.map((item) => item.proposalId);
      const [cases, proposals] = await Promise.all([
        Promise.all(ids.map((id) => loadCase(context.store, id))),
        loadProposals(context.pool, ids),
      ]);
      const items = await Promise.all(
        cases.flatMap((state) => (state.status === 'none' ? [] : [approvalItem(context, state, proposals, request)])),
      );
      const named = items.filter((item) => item.family.name !== null);
      if (named.length > 0)
        await context.reads.record(request, {
          purpose: 'verification.approvals.pending',
          subjects: named.map((item) => ({ kind: 'proposal', id: item.proposalId })),
          fields: ['name'],
          regions: named.map((item) => item.regionCode),
          rows: named.length,
        });
      return { items, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
    },
  );
}

async function approvalItem(
  context: RouteContext,
  state: OpenCase,
  proposals: ReadonlyMap<string, LoadedProposal>,
  request: { actor: { regionCode: string } },
) {
  const content = proposals.get(state.proposalId)?.content;
  const family = content
    ? await familySummary(context.keyring, content)
    : { name: null, memberCount: 0, programmes: [] };
  const results = scopedOutcomes(state.rounds.at(-1)?.results ?? [], request.actor);
  const verified = state.decisions.findLast((decision) => decision.decision === 'verify');
  return {
    proposalId: state.proposalId,
    regionCode: state.regionCode,
    proposalType: state.proposalType,
    channel: state.channel,
    revision: state.revision,
    family,
    checks: results.map(({ check, result, reason }) => ({ check, result, reason })),
    worst: worstCheckResult(results),
    ...(verified
      ? {
          verified: {
            by: { userId: verified.actor.userId, role: verified.actor.role },
            at: verified.at,
            ...(verified.reason !== undefined ? { note: verified.reason } : {}),
            ...(verified.overrides?.length ? { overrides: verified.overrides } : {}),
          },
        }
      : {}),
  };
}
