import { z } from 'zod';
import { DeactivationReason } from './enums.ts';
import { Reason, Uuid, VillageCode } from './fields.ts';
import { Sealed } from './personal.ts';

/**
 * The life of a complaint (usul / sanggah) after `ComplaintReceived`, stream
 * `complaint-<complaintId>` (topic `intake.proposals.v1`):
 * received → triaged (founded: linked to a household or proposal; or unfounded, with a reason)
 * → routed (a sanggah opens a deactivation proposal, so a verification case; an usul with its
 * household opens a draft new-household proposal, or names the proposal the operator drafted for
 * it) → answered (what the citizen reads) → closed.
 */
export const COMPLAINT_STAGES = ['received', 'triaged', 'routed', 'answered', 'closed'] as const;
export const ComplaintStage = z.enum(COMPLAINT_STAGES);
export type ComplaintStage = z.infer<typeof ComplaintStage>;

/**
 * `POST /v1/intake/complaints/track` (public): the tracking code only (16 Crockford base32
 * characters, 80 bits, shown in groups of four). Its form is not checked beyond its length:
 * whatever does not find a complaint is the same 404.
 */
export const TrackComplaintBody = z.strictObject({ code: z.string().trim().min(1).max(40) });

/** `POST /v1/intake/complaints/:id/triage` (village operator). */
export const TriageComplaintBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('founded'),
    householdId: Uuid.optional(),
    proposalId: Uuid.optional(),
    /** For a sanggah against a household: why it should leave the registry (default `mampu`). */
    deactivationReason: DeactivationReason.optional(),
  }),
  z.strictObject({ outcome: z.literal('unfounded'), reason: Reason }),
]);
export type TriageComplaintBody = z.infer<typeof TriageComplaintBody>;

/** `POST /v1/intake/complaints/:id/answer`: the answer the citizen reads; `upheld` is counted. */
export const AnswerComplaintBody = z.strictObject({
  upheld: z.boolean(),
  answer: z.string().trim().min(10, { error: 'answer.too_short' }).max(2000),
});

/** Every lifecycle event names the complaint's village, so scoped audit queries find it. */
export const ComplaintTriagedData = z.strictObject({
  complaintId: Uuid,
  regionCode: VillageCode,
  outcome: z.enum(['founded', 'unfounded']),
  householdId: Uuid.optional(),
  proposalId: Uuid.optional(),
  reason: Reason.optional(),
});

/**
 * Where a founded complaint went: a proposal intake opened (a sanggah's `deactivation`, submitted;
 * an usul's `new_household`, a draft from the household the citizen gave), or one that existed.
 */
export const ComplaintRoute = z.enum(['deactivation', 'new_household', 'existing_proposal']);
export const ComplaintRoutedData = z.strictObject({
  complaintId: Uuid,
  regionCode: VillageCode,
  route: ComplaintRoute,
  proposalId: Uuid,
});

/** Opened `answer`: `{text}` (sealed: an answer may name people). */
export const ComplaintAnsweredData = z.strictObject({
  complaintId: Uuid,
  regionCode: VillageCode,
  upheld: z.boolean(),
  answer: Sealed,
});

export const ComplaintClosedData = z.strictObject({ complaintId: Uuid, regionCode: VillageCode });
