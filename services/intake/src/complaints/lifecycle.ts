import {
  ComplaintSchemas,
  type ComplaintCategory,
  type ComplaintEventType,
  type ComplaintStage,
  type RecordedEvent,
  type Sealed,
} from '@siks/contracts';
import type { z } from 'zod';

type DataOf<T extends ComplaintEventType> = z.infer<(typeof ComplaintSchemas)[T]['data']>;
export type ComplaintEvent = { [T in ComplaintEventType]: { type: T; data: DataOf<T> } }[ComplaintEventType];

/** A complaint as its commands need it (folded from its stream). */
export interface ComplaintState {
  complaintId: string;
  regionCode: string;
  category: ComplaintCategory;
  stage: ComplaintStage;
  householdId?: string;
  proposalId?: string;
  founded?: boolean;
}

export type ComplaintCommand =
  | {
      type: 'Triage';
      data:
        | {
            outcome: 'founded';
            householdId?: string;
            proposalId?: string;
            /** The proposal intake opened for it: a sanggah's deactivation, an usul's draft. */
            opened?: { proposalId: string; route: 'deactivation' | 'new_household' };
          }
        | { outcome: 'unfounded'; reason: string };
    }
  | { type: 'Answer'; data: { upheld: boolean; answer: Sealed } }
  | { type: 'Close' };

/** A refusal: the complaint's stage does not allow it (409), or the command lacks something (422). */
export class ComplaintError extends Error {
  constructor(
    readonly code:
      | 'complaint.not_triageable'
      | 'complaint.not_answerable'
      | 'complaint.not_closable'
      | 'complaint.link_required',
    readonly status: 409 | 422,
  ) {
    super(code);
  }
}

/** Whether triage opens a deactivation proposal: a sanggah linked to a household and no proposal. */
export const opensDeactivation = (category: ComplaintCategory, link: { householdId?: string; proposalId?: string }) =>
  category === 'ineligible_recipient' && link.householdId !== undefined && link.proposalId === undefined;

/**
 * The rules (pure): triage once, from `received`; a founded complaint names a household or a
 * proposal, or intake opened one for it (`opened`: a sanggah's deactivation, an usul's draft),
 * and is routed when a proposal carries it on; answer after triage, once; close after the answer.
 */
export function decideComplaint(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  const { complaintId, regionCode } = state;
  switch (command.type) {
    case 'Triage': {
      if (state.stage !== 'received') throw new ComplaintError('complaint.not_triageable', 409);
      const data = command.data;
      if (data.outcome === 'unfounded')
        return [
          { type: 'ComplaintTriaged', data: { complaintId, regionCode, outcome: 'unfounded', reason: data.reason } },
        ];
      if (data.householdId === undefined && data.proposalId === undefined && data.opened === undefined)
        throw new ComplaintError('complaint.link_required', 422);
      const triaged: ComplaintEvent = {
        type: 'ComplaintTriaged',
        data: {
          complaintId,
          regionCode,
          outcome: 'founded',
          ...(data.householdId !== undefined ? { householdId: data.householdId } : {}),
          ...(data.proposalId !== undefined ? { proposalId: data.proposalId } : {}),
        },
      };
      if (data.proposalId !== undefined)
        return [
          triaged,
          {
            type: 'ComplaintRouted',
            data: { complaintId, regionCode, route: 'existing_proposal', proposalId: data.proposalId },
          },
        ];
      if (data.opened !== undefined)
        return [
          triaged,
          {
            type: 'ComplaintRouted',
            data: { complaintId, regionCode, route: data.opened.route, proposalId: data.opened.proposalId },
          },
        ];
      return [triaged];
    }
    case 'Answer':
      if (state.stage !== 'triaged' && state.stage !== 'routed')
        throw new ComplaintError('complaint.not_answerable', 409);
      return [
        {
          type: 'ComplaintAnswered',
          data: { complaintId, regionCode, upheld: command.data.upheld, answer: command.data.answer },
        },
      ];
    case 'Close':
      if (state.stage !== 'answered') throw new ComplaintError('complaint.not_closable', 409);
      return [{ type: 'ComplaintClosed', data: { complaintId, regionCode } }];
    default: {
      const unreachable: never = command;
      throw new Error(`decideComplaint: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

export function evolveComplaint(state: ComplaintState | undefined, event: ComplaintEvent): ComplaintState | undefined {
  if (event.type === 'ComplaintReceived') {
    const { complaintId, regionCode, category } = event.data;
    return { complaintId, regionCode, category, stage: 'received' };
  }
  if (state === undefined) return undefined;
  switch (event.type) {
    case 'ComplaintTriaged': {
      const { householdId, proposalId, outcome } = event.data;
      return {
        ...state,
        stage: 'triaged',
        founded: outcome === 'founded',
        ...(householdId !== undefined ? { householdId } : {}),
        ...(proposalId !== undefined ? { proposalId } : {}),
      };
    }
    case 'ComplaintRouted':
      return { ...state, stage: 'routed', proposalId: event.data.proposalId };
    case 'ComplaintAnswered':
      return { ...state, stage: 'answered' };
    case 'ComplaintClosed':
      return { ...state, stage: 'closed' };
    default: {
      const unreachable: never = event;
      throw new Error(`evolveComplaint: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A recorded complaint event in its domain form (checked by the contract), or undefined. */
export function parseComplaintEvent(event: RecordedEvent): ComplaintEvent | undefined {
  if (!Object.hasOwn(ComplaintSchemas, event.type)) return undefined;
  const type = event.type as ComplaintEventType;
  return { type, data: ComplaintSchemas[type].data.parse(event.data) } as ComplaintEvent;
}

export function foldComplaint(events: readonly RecordedEvent[]): ComplaintState | undefined {
  let state: ComplaintState | undefined;
  for (const recorded of events) {
    const event = parseComplaintEvent(recorded);
    if (event) state = evolveComplaint(state, event);
  }
  return state;
}
