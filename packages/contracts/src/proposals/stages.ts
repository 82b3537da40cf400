/**
 * The stages a proposal is counted under on dashboards, in lifecycle order (DOMAIN.md): intake's
 * statuses plus verification's `checks_done` and `field_validation`. Reporting counts by them
 * (its proposals projection) and the console lays its columns out in this order.
 */
export const PROPOSAL_STAGES = [
  'draft',
  'submitted',
  'checks_done',
  'field_validation',
  'returned',
  'corrected',
  'verified',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ProposalStage = (typeof PROPOSAL_STAGES)[number];
