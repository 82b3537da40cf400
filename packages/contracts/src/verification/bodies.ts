import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { ContentPath } from '../proposals/bodies.ts';
import { Reason, Uuid } from '../proposals/fields.ts';
import { DuplicateResolution } from '../proposals/resolution.ts';
import { CheckName } from './checks.ts';
import { FieldValidationOutcome } from './events.ts';

/**
 * HTTP shapes of the verification service (`/v1/verification/...`). Decisions and field
 * validations change a case: they need `If-Match` with the case's ETag (its revision).
 */

/** Where a case stands (the work queue's `status` filter). */
export const CaseStatus = z.enum([
  'open',
  'checks_done',
  'field_validation',
  'verified',
  'returned',
  'rejected',
  'approved',
  'withdrawn',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseDecision = z.enum(['verify', 'return', 'reject']);
export type CaseDecision = z.infer<typeof CaseDecision>;

/**
 * `POST /v1/verification/cases/:proposalId/decisions`; a reason is required to return or
 * reject. To verify a case whose latest round has failing checks, `overrides` must name every
 * failing check and `reason` say why (at least 10 characters); the service answers 422
 * `case.override_required` otherwise (it depends on the case, so it is checked there).
 */
export const CaseDecisionBody = z
  .object({
    decision: CaseDecision,
    reason: Reason.optional(),
    /** Content paths the operator must correct (returns only). */
    fields: z.array(ContentPath).max(100).optional(),
    /** The failing checks verified over (verify only). */
    overrides: z.array(CheckName).max(20).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.decision !== 'verify' && value.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason.required' });
    if (value.decision !== 'return' && value.fields !== undefined)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'decision.fields_only_on_return' });
    if (value.decision !== 'verify' && value.overrides !== undefined)
      ctx.addIssue({ code: 'custom', path: ['overrides'], message: 'decision.overrides_only_on_verify' });
  });
export type CaseDecisionBody = z.infer<typeof CaseDecisionBody>;

/** Free text for the field officer; may name people, so it is sealed in the event. */
export const FieldValidationText = z.string().trim().min(1, { error: 'text.required' }).max(2000);

/** `POST /v1/verification/cases/:proposalId/field-validations`. */
export const OrderFieldValidationBody = z.object({ instructions: FieldValidationText }).strict();
export type OrderFieldValidationBody = z.infer<typeof OrderFieldValidationBody>;

/** `POST /v1/verification/field-validations/:id/result`. */
export const RecordFieldValidationBody = z
  .object({ outcome: FieldValidationOutcome, notes: FieldValidationText.optional() })
  .strict();
export type RecordFieldValidationBody = z.infer<typeof RecordFieldValidationBody>;

export const APPROVAL_BATCH_MAX = 500;

/**
 * `POST /v1/verification/approvals` (`admin_kabkota`): each id is answered on its own. A
 * proposal whose people or KK are active in another household is answered `duplicate_active`
 * unless `resolutions[proposalId]` says how to resolve it (keys must be listed ids).
 */
export const ApprovalsBody = z
  .object({
    proposalIds: z
      .array(Uuid)
      .min(1)
      .max(APPROVAL_BATCH_MAX)
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
        error: 'approvals.duplicate_id',
      }),
    resolutions: z.record(Uuid, DuplicateResolution).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const listed = new Set(value.proposalIds.map((id) => id.toLowerCase()));
    for (const id of Object.keys(value.resolutions ?? {}))
      if (!listed.has(id.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['resolutions', id], message: 'approvals.resolution_not_listed' });
  });
export type ApprovalsBody = z.infer<typeof ApprovalsBody>;

/**
 * Per-id answer of an approval batch. `duplicate_active`: a person (NIK) or the KK is active in
 * another household and no resolution was given; nothing was approved for it.
 */
export const ApprovalStatus = z.enum([
  'approved',
  'already_approved',
  'not_verified',
  'not_found',
  'conflict',
  'duplicate_active',
]);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** `GET /v1/verification/cases` query. */
export const CaseListQuery = z
  .object({
    region: RegionCode.optional(),
    status: CaseStatus.optional(),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type CaseListQuery = z.infer<typeof CaseListQuery>;
