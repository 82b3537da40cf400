import type { CheckOutcome } from '@siks/contracts';
import { inScope, type AuthenticatedActor } from '@siks/service-kit';

/**
 * A check outcome as a caller may see it. The duplicate, conflict and photo-reuse checks look
 * across every village (a NIK active in another regency is exactly what they must catch), so
 * their `details.regions` may name villages outside the caller's scope. Those codes are left
 * out and `outsideScope: true` says only that some match lies elsewhere: an operator learns that
 * a NIK is taken, never where (DESIGN.md §7, "nothing leaks"). The stored outcome keeps them
 * for roles whose scope covers them.
 */
export function scopedOutcome(outcome: CheckOutcome, actor: Pick<AuthenticatedActor, 'regionCode'>): CheckOutcome {
  const regions = outcome.details?.['regions'];
  if (!Array.isArray(regions)) return outcome;
  const visible = regions.filter((region) => inScope(actor, region));
  if (visible.length === regions.length) return outcome;
  return { ...outcome, details: { ...outcome.details, regions: visible, outsideScope: true } };
}

/** Every outcome of a round, as the caller may see it. */
export const scopedOutcomes = (
  outcomes: readonly CheckOutcome[],
  actor: Pick<AuthenticatedActor, 'regionCode'>,
): CheckOutcome[] => outcomes.map((outcome) => scopedOutcome(outcome, actor));
