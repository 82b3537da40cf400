import { z } from 'zod';
import { Actor, Channel } from '../metadata.ts';
import { AdmindukEvent, ProposalType } from './enums.ts';
import { ComplaintCategory } from './bodies.ts';
import { ComplaintAnsweredData, ComplaintClosedData, ComplaintRoutedData, ComplaintTriagedData } from './complaints.ts';
import { CalendarDate, ClientId, Reason, Uuid, VillageCode } from './fields.ts';
import { BlindIndex, Sealed } from './personal.ts';
import { ChangeRecord, ContentRecord } from './records.ts';
import { DuplicateResolution } from './resolution.ts';

/**
 * Events of the Proposal aggregate (stream `proposal-<proposalId>`, topic
 * `intake.proposals.v1`), in their stored form: personal fields sealed (personal.ts). Who,
 * when, channel and the reason also travel in the event metadata (DESIGN.md §4).
 */

/** Which monthly window a submission needs (DOMAIN.md "Lifecycle"). */
export const WindowKind = z.enum(['additions', 'pbi_jk', 'none']);
export type WindowKind = z.infer<typeof WindowKind>;

/**
 * Where an imported proposal came from: the import, its rows in the file and, for a `musdes`
 * list, the village meeting that agreed it (meetings.ts).
 */
export const ImportSource = z
  .object({
    importId: Uuid,
    rows: z.array(z.number().int().min(1)).min(1).max(100),
    meetingId: Uuid.optional(),
  })
  .strict();

export const ProposalDraftedData = z
  .object({
    proposalId: Uuid,
    proposalType: ProposalType,
    regionCode: VillageCode,
    channel: Channel,
    createdBy: Actor,
    clientId: ClientId.optional(),
    source: ImportSource.optional(),
    content: ContentRecord,
  })
  .strict();

export const ProposalSubmittedData = z.object({ proposalId: Uuid, window: WindowKind }).strict();

/** Submission asked for outside the window: the proposal waits as a draft until `opensOn`. */
export const ProposalSubmissionDeferredData = z
  .object({ proposalId: Uuid, window: WindowKind, opensOn: CalendarDate })
  .strict();

/** `content` is the whole amended content; `changes` lists what changed and why. */
export const ProposalAmendedData = z
  .object({
    proposalId: Uuid,
    reason: Reason,
    changes: z.array(ChangeRecord).min(1),
    content: ContentRecord,
  })
  .strict();

export const ProposalWithdrawnData = z.object({ proposalId: Uuid, reason: Reason }).strict();

/** Verification sent the proposal back; `fields` are content paths to correct, if named. */
export const ProposalReturnedData = z
  .object({
    proposalId: Uuid,
    reason: Reason,
    verificationCaseId: z.string().min(1).max(200),
    fields: z.array(z.string().max(200)).max(100),
  })
  .strict();

export const ProposalResubmittedData = z.object({ proposalId: Uuid }).strict();

export const ProposalVerifiedData = z
  .object({ proposalId: Uuid, verificationCaseId: z.string().min(1).max(200) })
  .strict();
export const ProposalRejectedData = z
  .object({ proposalId: Uuid, verificationCaseId: z.string().min(1).max(200), reason: Reason })
  .strict();
/** `resolution`: how the approver resolved people or a KK already active in another household. */
export const ProposalApprovedData = z
  .object({
    proposalId: Uuid,
    verificationCaseId: z.string().min(1).max(200),
    resolution: DuplicateResolution.optional(),
  })
  .strict();

/** Event type → current schema version and data schema. */
export const ProposalEventSchemas = {
  ProposalDrafted: { schemaVersion: 1, data: ProposalDraftedData },
  ProposalSubmitted: { schemaVersion: 1, data: ProposalSubmittedData },
  ProposalSubmissionDeferred: { schemaVersion: 1, data: ProposalSubmissionDeferredData },
  ProposalAmended: { schemaVersion: 1, data: ProposalAmendedData },
  ProposalWithdrawn: { schemaVersion: 1, data: ProposalWithdrawnData },
  ProposalReturned: { schemaVersion: 1, data: ProposalReturnedData },
  ProposalResubmitted: { schemaVersion: 1, data: ProposalResubmittedData },
  ProposalVerified: { schemaVersion: 1, data: ProposalVerifiedData },
  ProposalRejected: { schemaVersion: 1, data: ProposalRejectedData },
  ProposalApproved: { schemaVersion: 1, data: ProposalApprovedData },
} as const;
export type ProposalEventType = keyof typeof ProposalEventSchemas;
export type ProposalEventData<T extends ProposalEventType> = z.infer<(typeof ProposalEventSchemas)[T]['data']>;
/** A stored proposal event: `{type, data}` pairs, discriminated by `type`. */
export type StoredProposalEvent = {
  [T in ProposalEventType]: {
    type: T;
    schemaVersion: (typeof ProposalEventSchemas)[T]['schemaVersion'];
    data: ProposalEventData<T>;
  };
}[ProposalEventType];

export function isProposalEventType(type: string): type is ProposalEventType {
  return Object.hasOwn(ProposalEventSchemas, type);
}

/**
 * A line of a population-registry (`adminduk`) extract, kept as the reference for
 * verification's Dukcapil match. Opened `personal`: `{nik, name, birthDate?, sex?, kkNumber?, newNik?}`.
 */
export const PopulationReferenceRecordedData = z
  .object({
    importId: Uuid,
    row: z.number().int().min(1),
    event: AdmindukEvent,
    eventDate: CalendarDate,
    regionCode: VillageCode,
    destinationRegionCode: VillageCode.optional(),
    nikIndex: BlindIndex,
    newNikIndex: BlindIndex.optional(),
    kkIndex: BlindIndex.optional(),
    personal: Sealed,
  })
  .strict();
export const PopulationReferenceSchemas = {
  PopulationReferenceRecorded: { schemaVersion: 1, data: PopulationReferenceRecordedData },
} as const;

/**
 * A complaint as stored. Opened `personal`: `{description, address?, contact?, subject?}`.
 * `trackingIndex`: SHA-256 of the tracking code the citizen got (the code is never stored);
 * `subjectNikIndex`: blind index of the NIK of whom it concerns, when given; `photo`: the
 * SHA-256 and type of a photo kept sealed beside the log.
 */
export const ComplaintReceivedData = z
  .object({
    complaintId: Uuid,
    regionCode: VillageCode,
    category: ComplaintCategory,
    personal: Sealed,
    trackingIndex: BlindIndex.optional(),
    subjectNikIndex: BlindIndex.optional(),
    photo: z.strictObject({ sha256: BlindIndex, mediaType: z.enum(['image/jpeg', 'image/png']) }).optional(),
  })
  .strict();
export const ComplaintSchemas = {
  ComplaintReceived: { schemaVersion: 1, data: ComplaintReceivedData },
  ComplaintTriaged: { schemaVersion: 1, data: ComplaintTriagedData },
  ComplaintRouted: { schemaVersion: 1, data: ComplaintRoutedData },
  ComplaintAnswered: { schemaVersion: 1, data: ComplaintAnsweredData },
  ComplaintClosed: { schemaVersion: 1, data: ComplaintClosedData },
} as const;
export type ComplaintEventType = keyof typeof ComplaintSchemas;
