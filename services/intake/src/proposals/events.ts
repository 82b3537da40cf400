import type { Actor, Channel } from '@siks/contracts';
import type { JsonValue, ProposalContent, ProposalType, WindowKind } from '@siks/contracts';

/**
 * Domain events of the Proposal aggregate, with personal data in clear. They are sealed into
 * the stored form of `@siks/contracts` (`ProposalEventSchemas`) by seal.ts before appending,
 * and opened back before `evolve`. `content: null` means the personal data was forgotten
 * (crypto-shredded): the proposal's history stays, its data can no longer be amended.
 */

export interface Change {
  /** Dotted content path, e.g. `household.members.1.name`. */
  path: string;
  /** Absent: the field did not exist before. */
  from?: JsonValue;
  /** Absent: the field was removed. */
  to?: JsonValue;
}

export type ProposalEvent =
  | {
      type: 'ProposalDrafted';
      data: {
        proposalId: string;
        proposalType: ProposalType;
        regionCode: string;
        channel: Channel;
        createdBy: Actor;
        clientId?: string;
        source?: { importId: string; rows: number[]; meetingId?: string };
        content: ProposalContent | null;
      };
    }
  | { type: 'ProposalSubmitted'; data: { proposalId: string; window: WindowKind } }
  | { type: 'ProposalSubmissionDeferred'; data: { proposalId: string; window: WindowKind; opensOn: string } }
  | {
      type: 'ProposalAmended';
      data: { proposalId: string; reason: string; changes: Change[]; content: ProposalContent | null };
    }
  | { type: 'ProposalWithdrawn'; data: { proposalId: string; reason: string } }
  | {
      type: 'ProposalReturned';
      data: { proposalId: string; reason: string; verificationCaseId: string; fields: string[] };
    }
  | { type: 'ProposalResubmitted'; data: { proposalId: string } }
  | { type: 'ProposalVerified'; data: { proposalId: string; verificationCaseId: string } }
  | { type: 'ProposalRejected'; data: { proposalId: string; verificationCaseId: string; reason: string } }
  | { type: 'ProposalApproved'; data: { proposalId: string; verificationCaseId: string } };

export type ProposalEventOf<T extends ProposalEvent['type']> = Extract<ProposalEvent, { type: T }>;
