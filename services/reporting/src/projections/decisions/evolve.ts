import type { ProposalEventType, RecordedEvent } from '@siks/contracts';
import { fieldPaths } from '../../events/changes.ts';
import { isVillageCode, occurredAt, reasonOf, text } from '../../events/read.ts';
import type { TableShape } from '../sql.ts';

/** What the decisions projection remembers of a proposal between its events. */
export interface RoundRow {
  proposal_id: string;
  region_code: string | null;
  proposal_type: string | null;
  channel: string | null;
  /** Submissions so far (1 after the first submission). */
  round: number;
  submitted_at: string | null;
}

export const ROUNDS_TABLE: TableShape<RoundRow> = {
  key: ['proposal_id'],
  columns: {
    proposal_id: 'uuid',
    region_code: 'text',
    proposal_type: 'text',
    channel: 'text',
    round: 'integer',
    submitted_at: 'timestamptz',
  },
};

/** One decision on a proposal, with the submission it answered. */
export interface DecisionRow {
  event_id: string;
  proposal_id: string;
  region_code: string | null;
  proposal_type: string | null;
  channel: string | null;
  round: number;
  decision: string;
  reason: string | null;
  fields: string[] | null;
  submitted_at: string | null;
  decided_at: string;
}

export const DECISIONS_TABLE: TableShape<DecisionRow> = {
  key: ['event_id'],
  columns: {
    event_id: 'uuid',
    proposal_id: 'uuid',
    region_code: 'text',
    proposal_type: 'text',
    channel: 'text',
    round: 'integer',
    decision: 'text',
    reason: 'text',
    fields: 'jsonb',
    submitted_at: 'timestamptz',
    decided_at: 'timestamptz',
  },
};

export const emptyRound = (proposalId: string): RoundRow => ({
  proposal_id: proposalId,
  region_code: null,
  proposal_type: null,
  channel: null,
  round: 0,
  submitted_at: null,
});

/** Intake's mirror of verification outcomes (same stream as the submissions, so in order with them). */
const DECISIONS: Readonly<Partial<Record<string, string>>> = {
  ProposalVerified: 'verified',
  ProposalReturned: 'returned',
  ProposalRejected: 'rejected',
  ProposalApproved: 'approved',
} satisfies Partial<Record<ProposalEventType, string>>;

export const isDecisionInput = (type: string): boolean =>
  type === 'ProposalDrafted' ||
  type === 'ProposalSubmitted' ||
  type === 'ProposalResubmitted' ||
  Object.hasOwn(DECISIONS, type);

/**
 * Time from submission to decision, and the reasons of returns and rejections, from the
 * proposal stream: a submission opens a round, a decision closes it with its duration.
 */
export function evolveRound(row: RoundRow, event: RecordedEvent): { row: RoundRow; decision: DecisionRow | undefined } {
  const at = occurredAt(event);
  switch (event.type) {
    case 'ProposalDrafted': {
      const region = event.data['regionCode'];
      return {
        row: {
          ...row,
          region_code: isVillageCode(region) ? region : row.region_code,
          proposal_type: text(event.data, 'proposalType', 50) ?? row.proposal_type,
          channel: text(event.data, 'channel', 50) ?? event.metadata.channel,
        },
        decision: undefined,
      };
    }
    case 'ProposalSubmitted':
    case 'ProposalResubmitted':
      return { row: { ...row, round: row.round + 1, submitted_at: at }, decision: undefined };
    default: {
      const decision = DECISIONS[event.type];
      if (!decision) return { row, decision: undefined };
      const negative = decision === 'returned' || decision === 'rejected';
      return {
        row,
        decision: {
          event_id: event.eventId,
          proposal_id: row.proposal_id,
          region_code: row.region_code,
          proposal_type: row.proposal_type,
          channel: row.channel,
          round: row.round,
          decision,
          reason: negative ? (reasonOf(event) ?? null) : null,
          fields: decision === 'returned' ? (fieldPaths(event.data['fields']) ?? null) : null,
          submitted_at: row.submitted_at,
          decided_at: at,
        },
      };
    }
  }
}
