import { ContentRecord, type RecordedEvent, type Sealed } from '@siks/contracts';

/**
 * What an intake or verification event means for a proposal's public stage (pure). Intake's
 * events set the stage; verification's completed checks or an ordered field visit only move a
 * submitted proposal on to `in_verification` (the two topics are not ordered with each other,
 * so a late one never moves a decided proposal back).
 */
export type StoredStage =
  | 'draft'
  | 'submitted'
  | 'in_verification'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'withdrawn';

const INTAKE_STAGES: Record<string, StoredStage> = {
  ProposalSubmitted: 'submitted',
  ProposalResubmitted: 'submitted',
  ProposalVerified: 'in_verification',
  ProposalReturned: 'returned',
  ProposalApproved: 'approved',
  ProposalRejected: 'rejected',
  ProposalWithdrawn: 'withdrawn',
};
const VERIFICATION_PROGRESS = new Set(['ChecksCompleted', 'FieldValidationOrdered']);

export interface Person {
  nikIndex: string;
  personal: Sealed;
}

export type StageChange =
  | { kind: 'content'; proposalId: string; regionCode: string; householdId?: string; people: Person[] }
  | { kind: 'stage'; proposalId: string; stage: StoredStage }
  | { kind: 'progress'; proposalId: string };

const proposalIdOf = (event: RecordedEvent): string | undefined => {
  const id = (event.data as { proposalId?: unknown }).proposalId;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
};

/** The people a proposal's content names, with their sealed data (the KTP name is in it). */
export function peopleOf(content: ContentRecord): Person[] {
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      return content.household.members.map(({ nikIndex, personal }) => ({ nikIndex, personal }));
    case 'update':
      return (content.household?.members ?? []).map(({ nikIndex, personal }) => ({ nikIndex, personal }));
    case 'add_member':
    case 'remove_member':
      return content.members.map(({ nikIndex, personal }) => ({ nikIndex, personal }));
    case 'deactivate':
      return content.person ? [{ nikIndex: content.person.nikIndex, personal: content.person.personal }] : [];
    case 'reactivate':
      return [];
    default: {
      const unreachable: never = content;
      throw new Error(`peopleOf: unknown content ${JSON.stringify(unreachable)}`);
    }
  }
}

function contentChange(proposalId: string, raw: unknown): StageChange | undefined {
  const parsed = ContentRecord.safeParse(raw);
  if (!parsed.success) return undefined;
  const content = parsed.data;
  const regionCode =
    content.type === 'new_household' || content.type === 'split_household'
      ? content.household.regionCode
      : content.regionCode;
  const householdId = 'householdId' in content ? content.householdId : undefined;
  return {
    kind: 'content',
    proposalId,
    regionCode,
    ...(householdId !== undefined ? { householdId } : {}),
    people: peopleOf(content),
  };
}

/** The change an event makes to the public view of its proposal, if any. */
export function stageChangeOf(event: RecordedEvent): StageChange | undefined {
  const proposalId = proposalIdOf(event);
  if (proposalId === undefined) return undefined;
  if (event.type === 'ProposalDrafted' || event.type === 'ProposalAmended')
    return contentChange(proposalId, event.data['content']);
  const stage = INTAKE_STAGES[event.type];
  if (stage !== undefined && event.streamId.startsWith('proposal-')) return { kind: 'stage', proposalId, stage };
  if (VERIFICATION_PROGRESS.has(event.type)) return { kind: 'progress', proposalId };
  return undefined;
}
