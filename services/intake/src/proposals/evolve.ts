import type { ProposalEvent } from './events.ts';
import type { ExistingProposal, ProposalState } from './state.ts';

/** Folds one event into the state; `revision` follows the stream revision (0-based). */
export function evolve(state: ProposalState, event: ProposalEvent): ProposalState {
  if (event.type === 'ProposalDrafted') {
    const { proposalId, proposalType, regionCode, channel, createdBy, clientId, source, content } = event.data;
    return {
      status: 'draft',
      revision: state.revision + 1,
      proposalId,
      proposalType,
      regionCode,
      channel,
      createdBy,
      ...(clientId !== undefined ? { clientId } : {}),
      ...(source !== undefined ? { source } : {}),
      content,
      amendments: 0,
    };
  }
  if (state.status === 'none') throw new Error(`evolve: ${event.type} before ProposalDrafted`);
  const next: ExistingProposal = { ...state, revision: state.revision + 1 };
  switch (event.type) {
    case 'ProposalSubmitted':
      return without({ ...next, status: 'submitted' }, 'deferredUntil');
    case 'ProposalSubmissionDeferred':
      return { ...next, deferredUntil: event.data.opensOn };
    case 'ProposalAmended':
      return {
        ...next,
        content: event.data.content,
        amendments: state.amendments + 1,
        status: state.status === 'returned' ? 'corrected' : state.status,
      };
    case 'ProposalWithdrawn':
      return without({ ...next, status: 'withdrawn' }, 'deferredUntil');
    case 'ProposalReturned': {
      const { reason, verificationCaseId, fields } = event.data;
      return { ...next, status: 'returned', returned: { reason, verificationCaseId, fields } };
    }
    case 'ProposalResubmitted':
      return without({ ...next, status: 'submitted' }, 'returned');
    case 'ProposalVerified':
      return { ...next, status: 'verified', verificationCaseId: event.data.verificationCaseId };
    case 'ProposalRejected':
      return { ...next, status: 'rejected', verificationCaseId: event.data.verificationCaseId };
    case 'ProposalApproved':
      return { ...next, status: 'approved', verificationCaseId: event.data.verificationCaseId };
    default: {
      const unreachable: never = event;
      throw new Error(`evolve: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function without<K extends 'deferredUntil' | 'returned'>(state: ExistingProposal, key: K): ExistingProposal {
  const copy = { ...state };
  delete copy[key];
  return copy;
}

/** The state after a sequence of events (from the initial state by default). */
export function fold(
  events: readonly ProposalEvent[],
  state: ProposalState = { status: 'none', revision: -1 },
): ProposalState {
  return events.reduce(evolve, state);
}
