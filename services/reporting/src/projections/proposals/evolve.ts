import type { CaseEventType, HouseholdEventType, RecordedEvent } from '@siks/contracts';
import { earliest, isVillageCode, occurredAt, streamOf, text } from '../../events/read.ts';
import type { TableShape } from '../sql.ts';

/** One proposal as the reports see it. Columns come from three kinds of stream, each setting its own. */
export interface ProposalRow {
  proposal_id: string;
  // From the proposal stream (intake).
  region_code: string | null;
  proposal_type: string | null;
  channel: string | null;
  status: string | null;
  created_by: string | null;
  drafted_at: string | null;
  first_submitted_at: string | null;
  last_submitted_at: string | null;
  decided_at: string | null;
  approved_at: string | null;
  withdrawn_at: string | null;
  returns: number;
  // From the case stream (verification).
  case_status: string | null;
  // From household streams (registry): the first time a household change applied it.
  applied_at: string | null;
}

export const PROPOSALS_TABLE: TableShape<ProposalRow> = {
  key: ['proposal_id'],
  columns: {
    proposal_id: 'uuid',
    region_code: 'text',
    proposal_type: 'text',
    channel: 'text',
    status: 'text',
    created_by: 'text',
    drafted_at: 'timestamptz',
    first_submitted_at: 'timestamptz',
    last_submitted_at: 'timestamptz',
    decided_at: 'timestamptz',
    approved_at: 'timestamptz',
    withdrawn_at: 'timestamptz',
    returns: 'integer',
    case_status: 'text',
    applied_at: 'timestamptz',
  },
};

export const emptyProposal = (proposalId: string): ProposalRow => ({
  proposal_id: proposalId,
  region_code: null,
  proposal_type: null,
  channel: null,
  status: null,
  created_by: null,
  drafted_at: null,
  first_submitted_at: null,
  last_submitted_at: null,
  decided_at: null,
  approved_at: null,
  withdrawn_at: null,
  returns: 0,
  case_status: null,
  applied_at: null,
});

/** Verification's case events and the case status each leaves. */
const CASE_STATUS: Readonly<Partial<Record<CaseEventType | string, string>>> = {
  CaseOpened: 'open',
  ChecksCompleted: 'checks_done',
  FieldValidationOrdered: 'field_validation',
  FieldValidationRecorded: 'checks_done',
  CaseVerified: 'verified',
  CaseReturned: 'returned',
  CaseRejected: 'rejected',
  CaseApproved: 'approved',
  CaseWithdrawn: 'withdrawn',
  // The ministry returned the household: the case waits for the regency's decision again.
  CaseReopened: 'checks_done',
} satisfies Record<CaseEventType, string>;

/** Household events that apply an approved proposal to the registry. */
const APPLYING = new Set<string>([
  'HouseholdRegistered',
  'HouseholdUpdated',
  'MemberAdded',
  'MemberRemoved',
  'HouseholdDeactivated',
  'HouseholdReactivated',
  'HouseholdSplit',
] satisfies HouseholdEventType[]);

function fromIntake(row: ProposalRow, event: RecordedEvent): ProposalRow {
  const at = occurredAt(event);
  const data = event.data;
  switch (event.type) {
    case 'ProposalDrafted': {
      const region = data['regionCode'];
      const createdBy = data['createdBy'] as { userId?: unknown } | undefined;
      return {
        ...row,
        region_code: isVillageCode(region) ? region : row.region_code,
        proposal_type: text(data, 'proposalType', 50) ?? row.proposal_type,
        channel: text(data, 'channel', 50) ?? event.metadata.channel,
        status: row.status ?? 'draft',
        created_by: typeof createdBy?.userId === 'string' ? createdBy.userId : event.metadata.actor.userId,
        drafted_at: row.drafted_at ?? at,
      };
    }
    case 'ProposalSubmitted':
    case 'ProposalResubmitted':
      return {
        ...row,
        status: 'submitted',
        first_submitted_at: row.first_submitted_at ?? at,
        last_submitted_at: at,
      };
    case 'ProposalAmended':
      return row.status === 'returned' ? { ...row, status: 'corrected' } : row;
    case 'ProposalWithdrawn':
      return { ...row, status: 'withdrawn', withdrawn_at: at };
    case 'ProposalReturned':
      return { ...row, status: 'returned', decided_at: at, returns: row.returns + 1 };
    case 'ProposalVerified':
      return { ...row, status: 'verified', decided_at: at };
    case 'ProposalRejected':
      return { ...row, status: 'rejected', decided_at: at };
    case 'ProposalApproved':
      return { ...row, status: 'approved', approved_at: at };
    default:
      return row; // ProposalSubmissionDeferred and types added later change nothing counted here.
  }
}

/** The row after one event. Each stream kind touches only its own columns (topics interleave freely). */
export function evolveProposal(row: ProposalRow, event: RecordedEvent): ProposalRow {
  switch (streamOf(event.streamId).kind) {
    case 'proposal':
      return fromIntake(row, event);
    case 'case': {
      const status = CASE_STATUS[event.type];
      return status ? { ...row, case_status: status } : row;
    }
    case 'household':
      return APPLYING.has(event.type) ? { ...row, applied_at: earliest(row.applied_at, occurredAt(event)) } : row;
    default:
      return row;
  }
}

/**
 * The stage a proposal is counted under (DOMAIN.md lifecycle): intake's status, refined by the
 * case while the proposal waits for a decision (`checks_done`, `field_validation`).
 */
export function stageOf(row: ProposalRow): string | null {
  if (row.status === 'submitted' && (row.case_status === 'checks_done' || row.case_status === 'field_validation')) {
    return row.case_status;
  }
  return row.status;
}

/** The counter a row adds one to, once intake has told its village, type and channel. */
export function countKey(row: ProposalRow): [string, string, string, string, boolean] | undefined {
  const stage = stageOf(row);
  if (!row.region_code || !row.proposal_type || !row.channel || !stage) return undefined;
  return [row.region_code, row.proposal_type, row.channel, stage, row.applied_at !== null];
}
