import { contentRegion, type ProposalStatus } from '@siks/contracts';
import type { ProposalCommand, ProposalCommandOf } from './commands.ts';
import { diff } from './diff.ts';
import { ProposalError } from './errors.ts';
import type { ProposalEvent } from './events.ts';
import { AMENDABLE_STATUSES, WITHDRAWABLE_STATUSES, type ExistingProposal, type ProposalState } from './state.ts';
import { windowKindOf, windowStatus, type WindowConfig } from '@siks/contracts';

/** What `decide` needs beyond the command and the state. */
export interface DecideContext {
  windows: WindowConfig;
}

/**
 * The lifecycle rules (DOMAIN.md): draft → submitted → (returned → corrected → resubmitted)
 * | verified → approved | rejected; withdrawn from draft, submitted, returned or corrected.
 * Amendments only in draft, returned and corrected; a reason is required to amend,
 * withdraw, return and reject. A submission outside the proposal window is deferred (the
 * proposal waits as a draft); a resubmission after a return needs no window.
 * Throws `ProposalError` on refusal; returns the events to append (possibly none).
 */
export function decide(command: ProposalCommand, state: ProposalState, context: DecideContext): ProposalEvent[] {
  switch (command.type) {
    case 'DraftProposal':
      return draft(command, state, context);
    case 'AmendProposal':
      return amend(command, existing(state));
    case 'SubmitProposal':
      return submit(command, existing(state), context);
    case 'WithdrawProposal': {
      const proposal = existing(state);
      const reason = requireReason(command.data.reason);
      requireStatus(proposal, WITHDRAWABLE_STATUSES, 'proposal.not_withdrawable');
      return [{ type: 'ProposalWithdrawn', data: { proposalId: proposal.proposalId, reason } }];
    }
    case 'ReturnProposal': {
      const proposal = existing(state);
      const reason = requireReason(command.data.reason);
      requireStatus(proposal, ['submitted', 'verified'], 'proposal.not_under_verification');
      const { verificationCaseId, fields = [] } = command.data;
      return [
        {
          type: 'ProposalReturned',
          data: { proposalId: proposal.proposalId, reason, verificationCaseId, fields: [...fields] },
        },
      ];
    }
    case 'VerifyProposal': {
      const proposal = existing(state);
      requireStatus(proposal, ['submitted'], 'proposal.not_under_verification');
      const { verificationCaseId } = command.data;
      return [{ type: 'ProposalVerified', data: { proposalId: proposal.proposalId, verificationCaseId } }];
    }
    case 'RejectProposal': {
      const proposal = existing(state);
      const reason = requireReason(command.data.reason);
      requireStatus(proposal, ['submitted', 'verified'], 'proposal.not_under_verification');
      const { verificationCaseId } = command.data;
      return [{ type: 'ProposalRejected', data: { proposalId: proposal.proposalId, verificationCaseId, reason } }];
    }
    case 'ApproveProposal': {
      const proposal = existing(state);
      requireStatus(proposal, ['verified'], 'proposal.not_verified');
      const { verificationCaseId, resolution } = command.data;
      return [
        {
          type: 'ProposalApproved',
          data: {
            proposalId: proposal.proposalId,
            verificationCaseId,
            ...(resolution !== undefined ? { resolution } : {}),
          },
        },
      ];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`decide: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

function draft(
  command: ProposalCommandOf<'DraftProposal'>,
  state: ProposalState,
  context: DecideContext,
): ProposalEvent[] {
  if (state.status !== 'none') throw new ProposalError('proposal.already_exists');
  const { proposalId, channel, content, clientId, source } = command.data;
  const regionCode = contentRegion(content);
  const drafted: ProposalEvent = {
    type: 'ProposalDrafted',
    data: {
      proposalId,
      proposalType: content.type,
      regionCode,
      channel,
      createdBy: command.metadata.actor,
      ...(clientId !== undefined ? { clientId } : {}),
      ...(source !== undefined ? { source } : {}),
      content,
    },
  };
  if (!command.data.submit) return [drafted];
  return [
    drafted,
    ...submission(proposalId, regionCode, windowKindOf(content), undefined, command.metadata.now, context),
  ];
}

function amend(command: ProposalCommandOf<'AmendProposal'>, proposal: ExistingProposal): ProposalEvent[] {
  const reason = requireReason(command.data.reason);
  requireStatus(proposal, AMENDABLE_STATUSES, 'proposal.not_amendable');
  if (proposal.content === null) throw new ProposalError('proposal.data_forgotten');
  const next = command.data.content;
  if (next.type !== proposal.proposalType) throw new ProposalError('proposal.type_immutable');
  if (contentRegion(next) !== proposal.regionCode) throw new ProposalError('proposal.region_immutable');
  const changes = diff(proposal.content, next);
  if (changes.length === 0) throw new ProposalError('proposal.no_changes');
  return [{ type: 'ProposalAmended', data: { proposalId: proposal.proposalId, reason, changes, content: next } }];
}

function submit(
  command: ProposalCommandOf<'SubmitProposal'>,
  proposal: ExistingProposal,
  context: DecideContext,
): ProposalEvent[] {
  switch (proposal.status) {
    case 'draft': {
      const kind = proposal.content ? windowKindOf(proposal.content) : (command.data.windowKind ?? 'additions');
      const { proposalId, regionCode, deferredUntil } = proposal;
      return submission(proposalId, regionCode, kind, deferredUntil, command.metadata.now, context);
    }
    case 'returned':
    case 'corrected':
      return [{ type: 'ProposalResubmitted', data: { proposalId: proposal.proposalId } }];
    case 'submitted':
      throw new ProposalError('proposal.already_submitted');
    default:
      throw new ProposalError('proposal.not_submittable', { status: proposal.status });
  }
}

function submission(
  proposalId: string,
  regionCode: string,
  kind: ReturnType<typeof windowKindOf>,
  deferredUntil: string | undefined,
  now: Date,
  context: DecideContext,
): ProposalEvent[] {
  const status = windowStatus(now, regionCode, kind, context.windows);
  if (status.open) return [{ type: 'ProposalSubmitted', data: { proposalId, window: kind } }];
  if (deferredUntil === status.opensOn) return [];
  return [{ type: 'ProposalSubmissionDeferred', data: { proposalId, window: kind, opensOn: status.opensOn } }];
}

function existing(state: ProposalState): ExistingProposal {
  if (state.status === 'none') throw new ProposalError('proposal.not_found');
  return state;
}

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new ProposalError('proposal.reason_required');
  return trimmed;
}

function requireStatus(
  proposal: ExistingProposal,
  allowed: readonly ProposalStatus[],
  code:
    | 'proposal.not_amendable'
    | 'proposal.not_withdrawable'
    | 'proposal.not_under_verification'
    | 'proposal.not_verified',
): void {
  if (!allowed.includes(proposal.status)) throw new ProposalError(code, { status: proposal.status });
}
