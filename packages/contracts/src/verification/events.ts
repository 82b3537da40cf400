import { z } from 'zod';
import { Channel } from '../metadata.ts';
import { ProposalType } from '../proposals/enums.ts';
import { Reason, Uuid, VillageCode } from '../proposals/fields.ts';
import { Sealed } from '../proposals/personal.ts';
import { DuplicateResolution } from '../proposals/resolution.ts';
import { CheckName, CheckOutcome } from './checks.ts';

/**
 * Events of the verification Case aggregate: one case per proposal, stream
 * `case-<proposalId>`, topic `verification.cases.v1` (key: the proposal id). The deciding
 * person (`actor`), the time and a negative decision's reason also ride in the metadata.
 * Free texts that may name people (field-validation instructions and notes) are sealed under
 * the proposal's subject `proposal:<proposalId>`, as intake seals a proposal's own notes.
 */

export const CASE_STREAM_PREFIX = 'case-';
export const caseStreamId = (proposalId: string): string => `${CASE_STREAM_PREFIX}${proposalId}`;

/**
 * What made a round of checks run: the proposal's (re)submission, new evidence, a new
 * population-reference line, another proposal entering or leaving the pending set, or a
 * registry change to a household sharing a NIK or the KK number.
 */
export const CheckTrigger = z.enum([
  'submitted',
  'resubmitted',
  'evidence',
  'reference',
  'related_proposal',
  'registry',
]);
export type CheckTrigger = z.infer<typeof CheckTrigger>;

export const CaseOpenedData = z
  .object({
    proposalId: Uuid,
    regionCode: VillageCode,
    proposalType: ProposalType,
    /** The proposal's channel (where it came from), not the channel of this event. */
    channel: Channel,
    /** The registry household the proposal is about, when it names one. */
    householdId: Uuid.optional(),
  })
  .strict();

export const ChecksCompletedData = z
  .object({
    proposalId: Uuid,
    /** 1 for the checks on submission; each later round (resubmission, new evidence, …) adds one. */
    round: z.number().int().min(1),
    trigger: CheckTrigger,
    results: z.array(CheckOutcome).min(1).max(50),
  })
  .strict();

/**
 * `overrides` names the failing checks of the latest round the verifikator verified over
 * (each one, with a reason); absent when no check failed.
 */
export const CaseVerifiedData = z
  .object({ proposalId: Uuid, reason: Reason.optional(), overrides: z.array(CheckName).min(1).max(20).optional() })
  .strict();

/** Back to the village operator; `fields` are content paths to correct, when named. */
export const CaseReturnedData = z
  .object({ proposalId: Uuid, reason: Reason, fields: z.array(z.string().min(1).max(200)).max(100).optional() })
  .strict();

export const CaseRejectedData = z.object({ proposalId: Uuid, reason: Reason }).strict();

/** Opened `personal`: `{instructions}`. */
export const FieldValidationOrderedData = z
  .object({ proposalId: Uuid, fieldValidationId: Uuid, personal: Sealed })
  .strict();

/** How a field visit came out. */
export const FieldValidationOutcome = z.enum([
  /** The household is there and the proposal's data hold. */
  'confirmed',
  /** Found, but some data differ from the proposal. */
  'discrepancy',
  /** Nobody found at the address. */
  'not_found',
]);
export type FieldValidationOutcome = z.infer<typeof FieldValidationOutcome>;

/** Opened `personal`: `{notes}` (absent when no notes were given). */
export const FieldValidationRecordedData = z
  .object({
    proposalId: Uuid,
    fieldValidationId: Uuid,
    outcome: FieldValidationOutcome,
    personal: Sealed.optional(),
  })
  .strict();

/**
 * *Pengesahan* by an `admin_kabkota`; `batchId` groups the cases approved in one request.
 * `resolution`: how the approver resolved people or a KK already active in another household
 * (intake carries it on `ProposalApproved`, the registry applies it).
 */
export const CaseApprovedData = z
  .object({ proposalId: Uuid, batchId: Uuid.optional(), resolution: DuplicateResolution.optional() })
  .strict();

/** The proposal was withdrawn by its village while the case was undecided: the case closes. */
export const CaseWithdrawnData = z.object({ proposalId: Uuid, reason: Reason }).strict();

/**
 * The ministry returned the household this approved proposal last changed (a row of a regency's
 * cut-off, `CutoffRowAnswered` on `registry.households.v1`): the case is open again at the
 * regency, with the ministry's reason, for the verifikator to decide anew.
 */
export const CaseReopenedData = z
  .object({ proposalId: Uuid, reason: Reason, cutoffId: Uuid, period: z.string().regex(/^\d{4}-\d{2}$/) })
  .strict();

/** Event type → current schema version and data schema. */
export const CaseEventSchemas = {
  CaseOpened: { schemaVersion: 1, data: CaseOpenedData },
  ChecksCompleted: { schemaVersion: 1, data: ChecksCompletedData },
  CaseVerified: { schemaVersion: 1, data: CaseVerifiedData },
  CaseReturned: { schemaVersion: 1, data: CaseReturnedData },
  CaseRejected: { schemaVersion: 1, data: CaseRejectedData },
  FieldValidationOrdered: { schemaVersion: 1, data: FieldValidationOrderedData },
  FieldValidationRecorded: { schemaVersion: 1, data: FieldValidationRecordedData },
  CaseApproved: { schemaVersion: 1, data: CaseApprovedData },
  CaseWithdrawn: { schemaVersion: 1, data: CaseWithdrawnData },
  CaseReopened: { schemaVersion: 1, data: CaseReopenedData },
} as const;
export type CaseEventType = keyof typeof CaseEventSchemas;
export type CaseEventData<T extends CaseEventType> = z.infer<(typeof CaseEventSchemas)[T]['data']>;

/** A case event as stored: `{type, schemaVersion, data}`, discriminated by `type`. */
export type StoredCaseEvent = {
  [T in CaseEventType]: {
    type: T;
    schemaVersion: (typeof CaseEventSchemas)[T]['schemaVersion'];
    data: CaseEventData<T>;
  };
}[CaseEventType];

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.hasOwn(CaseEventSchemas, type);
}

/** Parses a `{type, schemaVersion, data}` into a case event, or undefined when it is none (or malformed). */
export function parseCaseEvent(event: {
  type: string;
  schemaVersion: number;
  data: unknown;
}): StoredCaseEvent | undefined {
  if (!isCaseEventType(event.type)) return undefined;
  const spec = CaseEventSchemas[event.type];
  if (event.schemaVersion !== spec.schemaVersion) return undefined;
  const parsed = spec.data.safeParse(event.data);
  if (!parsed.success) return undefined;
  return { type: event.type, schemaVersion: spec.schemaVersion, data: parsed.data } as StoredCaseEvent;
}
