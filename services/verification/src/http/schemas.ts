import {
  ApprovalStatus,
  CaseStatus,
  CheckName,
  CheckOutcome,
  CheckTrigger,
  DuplicateResolutionKind,
  FieldValidationOutcome,
  Role,
} from '@siks/contracts';
import { z } from 'zod';

/** Response shapes (they document the API and strip anything undeclared). */

export const ProposalIdParams = z.object({ proposalId: z.uuid() }).strict();
export const FieldValidationParams = z.object({ id: z.uuid() }).strict();

const By = z.object({ userId: z.string(), role: Role });

export const CaseListItemSchema = z.object({
  proposalId: z.string(),
  regionCode: z.string(),
  proposalType: z.string(),
  channel: z.string(),
  status: CaseStatus,
  revision: z.number().int(),
  round: z.number().int(),
  failCount: z.number().int(),
  warnCount: z.number().int(),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** The head of household's name (opened, the read recorded); absent when erased or unnamed. */
  headName: z.string().optional(),
});

export const CaseListResponse = z.object({ items: z.array(CaseListItemSchema), nextCursor: z.string().optional() });

const Round = z.object({
  round: z.number().int(),
  trigger: CheckTrigger,
  at: z.string(),
  by: By,
  results: z.array(CheckOutcome),
});

export const CaseDetailResponse = z.object({
  proposalId: z.string(),
  regionCode: z.string(),
  proposalType: z.string(),
  channel: z.string(),
  householdId: z.string().optional(),
  status: CaseStatus,
  revision: z.number().int(),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** The latest round of automated checks. */
  checks: Round.nullable(),
  rounds: z.array(Round),
  evidence: z.array(
    z.object({
      documentId: z.string(),
      kind: z.string().nullable(),
      mediaType: z.string().nullable(),
      geotagged: z.boolean(),
      status: z.enum(['active', 'rejected']),
      recordedAt: z.string(),
    }),
  ),
  decisions: z.array(
    z.object({
      /** `reopen`: the ministry returned the household (a cut-off's row); `reason` is the ministry's. */
      decision: z.enum(['verify', 'return', 'reject', 'approve', 'withdraw', 'reopen']),
      reason: z.string().optional(),
      fields: z.array(z.string()).optional(),
      batchId: z.string().optional(),
      /** The failing checks a verification went over (its reason says why). */
      overrides: z.array(CheckName).optional(),
      /** How an approval resolved people or a KK active in another household. */
      resolution: z.object({ kind: DuplicateResolutionKind, reason: z.string() }).optional(),
      /** The cut-off and period of a ministry's return (reopen only). */
      cutoffId: z.string().optional(),
      period: z.string().optional(),
      by: By,
      at: z.string(),
    }),
  ),
  fieldValidations: z.array(
    z.object({
      fieldValidationId: z.string(),
      status: z.enum(['ordered', 'recorded']),
      /** Null when the text's subject was forgotten. */
      instructions: z.string().nullable(),
      orderedBy: By,
      orderedAt: z.string(),
      outcome: FieldValidationOutcome.optional(),
      notes: z.string().nullable().optional(),
      recordedBy: By.optional(),
      recordedAt: z.string().optional(),
    }),
  ),
});
export type CaseDetailResponse = z.infer<typeof CaseDetailResponse>;

export const CaseChangedResponse = z.object({
  proposalId: z.string(),
  status: CaseStatus,
  revision: z.number().int(),
  fieldValidationId: z.string().optional(),
});

export const ApprovalsResponse = z.object({
  batchId: z.string(),
  results: z.array(
    z.object({
      proposalId: z.string(),
      status: ApprovalStatus,
      revision: z.number().int().optional(),
      /** `duplicate_active` only: how many other active households hold its people or KK (a count, no regions). */
      households: z.number().int().optional(),
    }),
  ),
});

export const ApprovalListItem = z.object({
  proposalId: z.string(),
  regionCode: z.string(),
  proposalType: z.string(),
  channel: z.string(),
  revision: z.number().int(),
  /** Personal data (the read is recorded): the head's or the named person's name. */
  family: z.object({ name: z.string().nullable(), memberCount: z.number().int(), programmes: z.array(z.string()) }),
  checks: z.array(z.object({ check: z.string(), result: z.string(), reason: z.string() })),
  worst: z.enum(['pass', 'warn', 'fail']),
  /** The verify decision: who, when, the note, and the failed checks the verifikator overrode. */
  verified: z
    .object({ by: By, at: z.string(), note: z.string().optional(), overrides: z.array(z.string()).optional() })
    .optional(),
});

export const ApprovalListResponse = z.object({ items: z.array(ApprovalListItem), nextCursor: z.string().optional() });
