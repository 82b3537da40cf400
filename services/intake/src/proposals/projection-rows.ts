import type { Sealed } from '@siks/contracts';

/**
 * The `intake.proposals` row in memory and what one proposal event does to it: the same effect,
 * column by column, as the statement the event would run on its own (an INSERT … ON CONFLICT DO
 * NOTHING for a draft, an UPDATE … WHERE revision < the event's for anything else). Folding a
 * proposal's events of one batch over its row (or its absence) therefore ends where projecting
 * them one at a time would, and the batch writes each changed row once.
 */
export interface ProposalRow {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  channel: string;
  status: string;
  revision: number;
  createdBy: string;
  createdRole: string;
  /** Timestamps and dates as PostgreSQL reads them back (text), never re-parsed in JavaScript. */
  createdAt: string;
  updatedAt: string;
  clientId: string | null;
  importId: string | null;
  deferredUntil: string | null;
  amendments: number;
  memberCount: number | null;
  headNikMasked: string | null;
  /** The head's (or named person's) personal data, sealed as in the log (lists open the name). */
  headPersonal: Sealed | null;
}

/** What one projected event asks of its proposal's row. */
export type RowChange =
  | { type: 'drafted'; row: ProposalRow }
  | {
      type: 'amended';
      revision: number;
      at: string;
      memberCount: number | null;
      headNikMasked: string | null;
      headPersonal: Sealed | null;
    }
  | { type: 'deferred'; revision: number; at: string; until: string }
  | { type: 'status'; revision: number; at: string; status: string };

/**
 * The row after `change` (the same object when the change does nothing): a draft makes the row
 * when there is none; any other change needs a row older than the event.
 */
export function applyChange(row: ProposalRow | undefined, change: RowChange): ProposalRow | undefined {
  if (change.type === 'drafted') return row ?? change.row;
  if (!row || row.revision >= change.revision) return row;
  const moved = { ...row, revision: change.revision, updatedAt: change.at };
  switch (change.type) {
    case 'amended':
      return {
        ...moved,
        amendments: row.amendments + 1,
        status: row.status === 'returned' ? 'corrected' : row.status,
        memberCount: change.memberCount,
        headNikMasked: change.headNikMasked,
        headPersonal: change.headPersonal,
      };
    case 'deferred':
      return { ...moved, deferredUntil: change.until };
    case 'status':
      return {
        ...moved,
        status: change.status,
        deferredUntil: change.status === 'submitted' || change.status === 'withdrawn' ? null : row.deferredUntil,
      };
    default: {
      const unreachable: never = change;
      return unreachable;
    }
  }
}

/** Status of a proposal after a lifecycle event without data of its own in the row. */
export const STATUS_AFTER: Readonly<Record<string, string>> = {
  ProposalSubmitted: 'submitted',
  ProposalWithdrawn: 'withdrawn',
  ProposalReturned: 'returned',
  ProposalResubmitted: 'submitted',
  ProposalVerified: 'verified',
  ProposalRejected: 'rejected',
  ProposalApproved: 'approved',
};
