/**
 * Browser-safe parts of @siks/contracts and @siks/wilayah, imported by file: the packages'
 * index modules also export node-only code (uuid.ts uses node:crypto; the region data).
 */
export {
  CookingFuel,
  Disability,
  DrinkingWater,
  Education,
  FloorType,
  IncomeBand,
  Lighting,
  MaritalStatus,
  Occupation,
  Ownership,
  Programme,
  Relationship,
  RoofType,
  Sex,
  Toilet,
  WallType,
  ProposalStatus,
  ProposalType,
} from '../../../../packages/contracts/src/proposals/enums.ts';
export { HouseholdData } from '../../../../packages/contracts/src/proposals/household.ts';
export { parseWithIssues, renderFieldIssues } from '../../../../packages/contracts/src/proposals/issues.ts';
export type { FieldIssue } from '../../../../packages/contracts/src/proposals/issues.ts';
export { proposalFieldMessages } from '../../../../packages/contracts/src/proposals/messages.ts';
export { validateNik } from '../../../../packages/wilayah/src/nik.ts';
export { validateKk } from '../../../../packages/wilayah/src/kk.ts';
export { message as identityMessage, identityMessages } from '../../../../packages/wilayah/src/messages.ts';
export type { IdentityIssueCode } from '../../../../packages/wilayah/src/messages.ts';
export { evidenceCompleteness } from '../../../../packages/contracts/src/verification/rules/completeness.ts';
export type { MissingEvidence } from '../../../../packages/contracts/src/verification/rules/completeness.ts';
export { haversineMeters } from '../../../../packages/contracts/src/verification/rules/geo.ts';
export { DocumentKind } from '../../../../packages/contracts/src/documents/kinds.ts';
export { PROPOSAL_STAGES } from '../../../../packages/contracts/src/proposals/stages.ts';
