import type { CheckName, EventMetadata, StoredCaseEvent } from '@siks/contracts';
import type { CaseState, OpenCase, Stamp } from './state.ts';

/** A case event with what evolve reads of its envelope. */
export type CaseEventEnvelope = StoredCaseEvent & {
  metadata: Pick<EventMetadata, 'actor' | 'occurredAt'>;
  revision: number;
};

/** Folds one case event into the state (Emmett `evolve`); pure. */
export function evolve(state: CaseState, event: CaseEventEnvelope): CaseState {
  const stamp: Stamp = { actor: event.metadata.actor, at: event.metadata.occurredAt };
  if (event.type === 'CaseOpened') {
    const { proposalId, regionCode, proposalType, channel, householdId } = event.data;
    return {
      status: 'open',
      revision: event.revision,
      proposalId,
      regionCode,
      proposalType,
      channel,
      ...(householdId !== undefined ? { householdId } : {}),
      opened: stamp,
      updatedAt: stamp.at,
      rounds: [],
      decisions: [],
      fieldValidations: [],
    };
  }
  if (state.status === 'none') return state; // an event before CaseOpened: nothing to fold into
  const next: OpenCase = { ...state, revision: event.revision, updatedAt: stamp.at };
  switch (event.type) {
    case 'ChecksCompleted': {
      const { round, trigger, results } = event.data;
      const reopened = state.status === 'returned' || state.status === 'open';
      return {
        ...next,
        status: reopened ? 'checks_done' : state.status,
        rounds: [...state.rounds, { round, trigger, results, ...stamp }],
      };
    }
    case 'CaseVerified':
      return { ...next, status: 'verified', decisions: [...state.decisions, decision('verify', stamp, event.data)] };
    case 'CaseReturned':
      return { ...next, status: 'returned', decisions: [...state.decisions, decision('return', stamp, event.data)] };
    case 'CaseRejected':
      return { ...next, status: 'rejected', decisions: [...state.decisions, decision('reject', stamp, event.data)] };
    case 'CaseWithdrawn':
      return { ...next, status: 'withdrawn', decisions: [...state.decisions, decision('withdraw', stamp, event.data)] };
    case 'CaseApproved':
      return {
        ...next,
        status: 'approved',
        decisions: [
          ...state.decisions,
          {
            decision: 'approve',
            ...stamp,
            ...(event.data.batchId !== undefined ? { batchId: event.data.batchId } : {}),
            ...(event.data.resolution !== undefined ? { resolution: event.data.resolution } : {}),
          },
        ],
      };
    case 'FieldValidationOrdered':
      return {
        ...next,
        status: 'field_validation',
        fieldValidations: [
          ...state.fieldValidations,
          {
            fieldValidationId: event.data.fieldValidationId,
            status: 'ordered',
            ordered: stamp,
            instructions: event.data.personal,
          },
        ],
      };
    case 'FieldValidationRecorded': {
      const { fieldValidationId, outcome, personal } = event.data;
      const fieldValidations = state.fieldValidations.map((fv) =>
        fv.fieldValidationId === fieldValidationId
          ? { ...fv, status: 'recorded' as const, outcome, recorded: stamp, ...(personal ? { notes: personal } : {}) }
          : fv,
      );
      const pending = fieldValidations.some((fv) => fv.status === 'ordered');
      return {
        ...next,
        status: state.status === 'field_validation' && !pending ? 'checks_done' : state.status,
        fieldValidations,
      };
    }
    case 'CaseReopened':
      // Open again for a decision: the checks stand, the ministry's reason leads the record.
      return {
        ...next,
        status: 'checks_done',
        decisions: [
          ...state.decisions,
          {
            decision: 'reopen',
            ...stamp,
            reason: event.data.reason,
            cutoffId: event.data.cutoffId,
            period: event.data.period,
          },
        ],
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function decision(
  kind: 'verify' | 'return' | 'reject' | 'withdraw',
  stamp: Stamp,
  data: { reason?: string | undefined; fields?: string[] | undefined; overrides?: CheckName[] | undefined },
) {
  return {
    decision: kind,
    ...stamp,
    ...(data.reason !== undefined ? { reason: data.reason } : {}),
    ...(data.fields !== undefined ? { fields: data.fields } : {}),
    ...(data.overrides !== undefined ? { overrides: data.overrides } : {}),
  };
}

/** Folds a whole stream. */
export function fold(
  events: readonly CaseEventEnvelope[],
  state: CaseState = { status: 'none', revision: -1 },
): CaseState {
  return events.reduce(evolve, state);
}
