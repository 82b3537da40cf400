import { ApprovalsBody, type ApprovalStatus, type DuplicateResolution } from '@siks/contracts';
import { WrongExpectedRevisionError } from '@siks/eventstore';
import { inScope, requireRole, type ServiceApp } from '@siks/service-kit';
import { CaseError } from '../case/decide.ts';
import { handleCaseCommand, loadCase } from '../case/stream.ts';
import { activeDuplicateHouseholds } from '../inputs/active-duplicates.ts';
import { upsertCaseRow } from '../queue/projection.ts';
import { commandMetadata, type RouteContext } from './context.ts';
import { ApprovalsResponse } from './schemas.ts';

/**
 * *Pengesahan*: an `admin_kabkota` approves verified cases of the regency, one or many. Each
 * id is answered on its own (`approved`, `already_approved`, `not_verified`, `not_found` —
 * also for a case outside the caller's scope —, `conflict` when it changed meanwhile); the
 * approved ones share a `batchId`. A verified proposal that would put a person (NIK) or a KK
 * already active in another household into the registry is answered `duplicate_active` with
 * the number of those `households` (checked now, not at verification: the registry may have
 * changed since), unless `resolutions` names it: then `CaseApproved` carries the resolution
 * and the registry applies it (deactivating the other household or moving the members).
 */
export function approvalRoutes(app: ServiceApp, context: RouteContext): void {
  app.post(
    '/v1/verification/approvals',
    {
      preHandler: requireRole('admin_kabkota'),
      schema: {
        summary: 'Approve verified cases (pengesahan), one by one or as a batch; per-id result',
        tags: ['verification'],
        body: ApprovalsBody,
        response: { 200: ApprovalsResponse },
      },
    },
    async (request) => {
      const batchId = context.newId();
      const results: { proposalId: string; status: ApprovalStatus; revision?: number; households?: number }[] = [];
      const resolutions = new Map<string, DuplicateResolution>(
        Object.entries(request.body.resolutions ?? {}).map(([id, resolution]) => [id.toLowerCase(), resolution]),
      );
      for (const given of request.body.proposalIds) {
        const proposalId = given.toLowerCase();
        const state = await loadCase(context.store, proposalId);
        if (state.status === 'none' || !inScope(request.actor, state.regionCode)) {
          results.push({ proposalId, status: 'not_found' });
          continue;
        }
        let resolution: DuplicateResolution | undefined;
        if (state.status === 'verified') {
          const households = await activeDuplicateHouseholds(context.pool, proposalId);
          resolution = households > 0 ? resolutions.get(proposalId) : undefined;
          if (households > 0 && resolution === undefined) {
            results.push({ proposalId, status: 'duplicate_active', revision: state.revision, households });
            continue;
          }
        }
        try {
          const result = await handleCaseCommand({
            store: context.store,
            proposalId,
            state,
            command: { type: 'Approve', batchId, resolution },
            metadata: commandMetadata(request, context.now(), resolution?.reason),
            eventId: () => context.newId(),
          });
          await upsertCaseRow(context.pool, result.state);
          results.push({ proposalId, status: 'approved', revision: result.state.revision });
        } catch (error) {
          if (error instanceof CaseError && error.code === 'case.already_approved')
            results.push({ proposalId, status: 'already_approved', revision: state.revision });
          else if (error instanceof CaseError && error.code === 'case.not_verified')
            results.push({ proposalId, status: 'not_verified', revision: state.revision });
          else if (error instanceof WrongExpectedRevisionError) results.push({ proposalId, status: 'conflict' });
          else throw error;
        }
      }
      return { batchId, results };
    },
  );
}
