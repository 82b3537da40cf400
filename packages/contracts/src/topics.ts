/** Bus topics, one per owning service (DESIGN.md §2), keyed by aggregate id. */
export const Topics = {
  intakeProposals: 'intake.proposals.v1',
  documentEvidence: 'document.evidence.v1',
  verificationCases: 'verification.cases.v1',
  registryHouseholds: 'registry.households.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];
