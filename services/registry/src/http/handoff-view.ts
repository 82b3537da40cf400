import { CutoffStage } from '@siks/contracts';
import { conflict, notFound, type AuthenticatedActor, type ProblemError } from '@siks/service-kit';
import { z } from 'zod';
import { loadHandoff, type CutoffHandoff } from '../handoff/state.ts';
import { isWithinRegion, narrowRegion, type RouteDeps } from './deps.ts';

/** Who reviews, exports and answers above the regency. */
export const PROVINCE_ROLES = ['admin_provinsi', 'pusdatin'] as const;

const By = z.object({ userId: z.string(), role: z.string(), regionCode: z.string() });

export const HandoffView = z.object({
  cutoffId: z.uuid(),
  regencyCode: z.string(),
  period: z.string(),
  stage: CutoffStage,
  returnReason: z.string().optional(),
  exports: z.array(z.object({ sha256: z.string(), rows: z.number(), households: z.number(), at: z.string(), by: By })),
  answers: z.object({ accepted: z.number(), returned: z.number() }),
  /** The returned households within the reader's scope, with the ministry's reasons. */
  returned: z.array(
    z.object({ householdId: z.uuid(), proposalId: z.uuid(), regionCode: z.string(), reason: z.string().optional() }),
  ),
});

/** The hand-off as a reader in `region` may see it (returned rows of other villages left out). */
export function handoffView(handoff: CutoffHandoff, region: string): z.infer<typeof HandoffView> {
  const answers = [...handoff.answers.entries()];
  return {
    cutoffId: handoff.cutoffId,
    regencyCode: handoff.regencyCode,
    period: handoff.period,
    stage: handoff.stage,
    ...(handoff.returnReason !== undefined ? { returnReason: handoff.returnReason } : {}),
    exports: handoff.exports,
    answers: {
      accepted: answers.filter(([, answer]) => answer.status === 'accepted').length,
      returned: answers.filter(([, answer]) => answer.status === 'returned').length,
    },
    returned: answers
      .filter(([, answer]) => answer.status === 'returned' && isWithinRegion(region, answer.regionCode))
      .map(([householdId, answer]) => ({
        householdId,
        proposalId: answer.proposalId,
        regionCode: answer.regionCode,
        ...(answer.reason !== undefined ? { reason: answer.reason } : {}),
      })),
  };
}

/** 409 naming where the cut-off stands, when a step does not fit it. */
export const wrongStage = (handoff: CutoffHandoff): ProblemError =>
  conflict({ cutoffId: handoff.cutoffId, stage: handoff.stage }, 'cutoff_wrong_stage');

/** The hand-off of a cut-off the actor may see (its regency in scope, or the actor inside it); else 404. */
export async function visibleHandoff(deps: RouteDeps, id: string, actor: AuthenticatedActor): Promise<CutoffHandoff> {
  const handoff = await loadHandoff(deps.store, id);
  if (!handoff || narrowRegion(actor, handoff.regencyCode) === undefined) throw notFound();
  return handoff;
}

/** The hand-off of a cut-off whose regency lies within the actor's scope (the province's own); else 404. */
export async function ownedHandoff(deps: RouteDeps, id: string, actor: AuthenticatedActor): Promise<CutoffHandoff> {
  const handoff = await loadHandoff(deps.store, id);
  if (!handoff || !isWithinRegion(actor.regionCode, handoff.regencyCode)) throw notFound();
  return handoff;
}
