import type { Actor, Channel, ProposalContent, ProposalStatus, ProposalType } from '@siks/contracts';

/** The Proposal aggregate as `evolve` folds it from its events. */
export type ProposalState =
  | { status: 'none'; revision: -1 }
  | {
      status: ProposalStatus;
      /** Stream revision of the last event (0-based); the ETag of the proposal. */
      revision: number;
      proposalId: string;
      proposalType: ProposalType;
      regionCode: string;
      channel: Channel;
      createdBy: Actor;
      clientId?: string;
      /** Where an imported proposal came from: import, rows and the meeting that agreed it. */
      source?: { importId: string; rows: number[]; meetingId?: string };
      /** Null when the personal data was forgotten (see events.ts). */
      content: ProposalContent | null;
      /** Set while a requested submission waits for its window (`YYYY-MM-DD`). */
      deferredUntil?: string;
      /** Amendments so far. */
      amendments: number;
      /** Set while returned/corrected: why, and which fields verification named. */
      returned?: { reason: string; verificationCaseId: string; fields: string[] };
      /** The verification case that decided, once verified/approved/rejected. */
      verificationCaseId?: string;
    };

export type ExistingProposal = Exclude<ProposalState, { status: 'none' }>;

export const initialProposalState = (): ProposalState => ({ status: 'none', revision: -1 });

/** Statuses in which the data may be amended: a draft, or one sent back by verification. */
export const AMENDABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'returned', 'corrected'];
/** Statuses the author may withdraw from (DOMAIN.md: draft and submitted; returned ones too). */
export const WITHDRAWABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'submitted', 'returned', 'corrected'];
