import type {
  CheckName,
  CheckOutcome,
  CheckTrigger,
  Channel,
  FieldValidationOutcome,
  DuplicateResolution,
  ProposalType,
  Sealed,
  StoredCaseEvent,
} from '@siks/contracts';
import { latestRound, UNDECIDED, type CaseState, type OpenCase } from './state.ts';

/** Commands on a verification case: from the consumers (`RunChecks`, `Withdraw`) and from people. */
export type CaseCommand =
  | {
      type: 'RunChecks';
      trigger: CheckTrigger;
      proposal: {
        proposalId: string;
        regionCode: string;
        proposalType: ProposalType;
        channel: Channel;
        householdId?: string | undefined;
      };
      results: CheckOutcome[];
    }
  | {
      type: 'Decide';
      decision: 'verify' | 'return' | 'reject';
      reason?: string | undefined;
      fields?: string[] | undefined;
      /** The failing checks of the latest round verified over (verify only). */
      overrides?: CheckName[] | undefined;
    }
  | { type: 'OrderFieldValidation'; fieldValidationId: string; instructions: Sealed }
  | {
      type: 'RecordFieldValidation';
      fieldValidationId: string;
      outcome: FieldValidationOutcome;
      notes?: Sealed | undefined;
    }
  | { type: 'Approve'; batchId?: string | undefined; resolution?: DuplicateResolution | undefined }
  | { type: 'Withdraw'; reason: string }
  /** The ministry returned the household of this approved proposal (a cut-off's row). */
  | { type: 'Reopen'; reason: string; cutoffId: string; period: string };

/** Why a command was refused; the HTTP layer maps each code to a problem (404/409). */
export type CaseErrorCode =
  | 'case.not_found'
  | 'case.not_decidable'
  | 'case.field_validation_pending'
  | 'case.not_verified'
  | 'case.already_approved'
  | 'case.override_required'
  | 'field_validation.not_found'
  | 'field_validation.not_pending';

export class CaseError extends Error {
  override readonly name = 'CaseError';
  constructor(readonly code: CaseErrorCode) {
    super(code);
  }
}

/** The shortest reason that explains verifying over failing checks (after trimming). */
export const OVERRIDE_REASON_MIN = 10;

/**
 * Verifying over failing checks without naming each of them (`missing`), naming checks that
 * did not fail (`notFailing`), or without a reason of `OVERRIDE_REASON_MIN` characters.
 */
export class OverrideRequired extends CaseError {
  constructor(
    readonly failing: readonly CheckName[],
    readonly missing: readonly CheckName[],
    readonly notFailing: readonly CheckName[],
    readonly reasonMissing: boolean,
  ) {
    super('case.override_required');
  }
}

const SUBMISSION: ReadonlySet<CheckTrigger> = new Set(['submitted', 'resubmitted']);

/** Decides which events a command produces on a case (Emmett `decide`); pure, throws `CaseError`. */
export function decide(command: CaseCommand, state: CaseState): StoredCaseEvent[] {
  switch (command.type) {
    case 'RunChecks':
      return runChecks(command, state);
    case 'Withdraw':
      if (state.status === 'none' || !UNDECIDED.has(state.status)) return [];
      return [event('CaseWithdrawn', { proposalId: state.proposalId, reason: command.reason })];
    case 'Reopen':
      // Only an approved case reopens; anything else (already reopened, unknown) asks nothing.
      if (state.status !== 'approved') return [];
      return [
        event('CaseReopened', {
          proposalId: state.proposalId,
          reason: command.reason,
          cutoffId: command.cutoffId,
          period: command.period,
        }),
      ];
    case 'Decide': {
      const open = existing(state);
      if (!UNDECIDED.has(open.status)) throw new CaseError('case.not_decidable');
      const { proposalId } = open;
      switch (command.decision) {
        case 'verify': {
          if (open.status === 'field_validation') throw new CaseError('case.field_validation_pending');
          const overrides = overridden(open, command.overrides, command.reason);
          return [
            event('CaseVerified', {
              proposalId,
              ...(command.reason ? { reason: command.reason } : {}),
              ...(overrides.length > 0 ? { overrides } : {}),
            }),
          ];
        }
        case 'return':
          return [
            event('CaseReturned', {
              proposalId,
              reason: required(command.reason),
              ...(command.fields && command.fields.length > 0 ? { fields: command.fields } : {}),
            }),
          ];
        case 'reject':
          return [event('CaseRejected', { proposalId, reason: required(command.reason) })];
        default: {
          const unreachable: never = command.decision;
          return unreachable;
        }
      }
    }
    case 'OrderFieldValidation': {
      const open = existing(state);
      if (!UNDECIDED.has(open.status)) throw new CaseError('case.not_decidable');
      if (open.status === 'field_validation') throw new CaseError('case.field_validation_pending');
      return [
        event('FieldValidationOrdered', {
          proposalId: open.proposalId,
          fieldValidationId: command.fieldValidationId,
          personal: command.instructions,
        }),
      ];
    }
    case 'RecordFieldValidation': {
      const open = existing(state);
      const ordered = open.fieldValidations.find((fv) => fv.fieldValidationId === command.fieldValidationId);
      if (!ordered) throw new CaseError('field_validation.not_found');
      if (ordered.status !== 'ordered' || open.status !== 'field_validation')
        throw new CaseError('field_validation.not_pending');
      return [
        event('FieldValidationRecorded', {
          proposalId: open.proposalId,
          fieldValidationId: command.fieldValidationId,
          outcome: command.outcome,
          ...(command.notes ? { personal: command.notes } : {}),
        }),
      ];
    }
    case 'Approve': {
      const open = existing(state);
      if (open.status === 'approved') throw new CaseError('case.already_approved');
      if (open.status !== 'verified') throw new CaseError('case.not_verified');
      return [
        event('CaseApproved', {
          proposalId: open.proposalId,
          ...(command.batchId !== undefined ? { batchId: command.batchId } : {}),
          ...(command.resolution !== undefined ? { resolution: command.resolution } : {}),
        }),
      ];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

/**
 * Opens the case on the first submission; afterwards a submission (after a return) always
 * runs a new round, while new evidence, a new reference or a related proposal add a round
 * only while the case is undecided and only when some result changed.
 */
function runChecks(command: Extract<CaseCommand, { type: 'RunChecks' }>, state: CaseState): StoredCaseEvent[] {
  const { proposal, trigger, results } = command;
  if (state.status === 'none') {
    if (!SUBMISSION.has(trigger)) return [];
    return [
      event('CaseOpened', {
        proposalId: proposal.proposalId,
        regionCode: proposal.regionCode,
        proposalType: proposal.proposalType,
        channel: proposal.channel,
        ...(proposal.householdId !== undefined ? { householdId: proposal.householdId } : {}),
      }),
      event('ChecksCompleted', { proposalId: proposal.proposalId, round: 1, trigger, results }),
    ];
  }
  const round = nextRound(state);
  if (state.status === 'returned')
    return SUBMISSION.has(trigger)
      ? [event('ChecksCompleted', { proposalId: state.proposalId, round, trigger, results })]
      : [];
  if (!UNDECIDED.has(state.status) || !changed(state, results)) return [];
  return [event('ChecksCompleted', { proposalId: state.proposalId, round, trigger, results })];
}

/**
 * The failing checks of the latest round a verification overrides (sorted), after making sure
 * the verifikator named exactly those and said why: one click must never verify over a
 * failing check silently (a person already active elsewhere would be registered twice).
 */
function overridden(state: OpenCase, named: readonly CheckName[] | undefined, reason: string | undefined): CheckName[] {
  const failing = [
    ...new Set((latestRound(state)?.results ?? []).filter((r) => r.result === 'fail').map((r) => r.check)),
  ].sort();
  const given = new Set(named ?? []);
  const missing = failing.filter((check) => !given.has(check));
  const notFailing = [...given].filter((check) => !failing.includes(check)).sort();
  const reasonMissing = failing.length > 0 && (reason?.trim().length ?? 0) < OVERRIDE_REASON_MIN;
  if (missing.length > 0 || notFailing.length > 0 || reasonMissing)
    throw new OverrideRequired(failing, missing, notFailing, reasonMissing);
  return failing;
}

const nextRound = (state: OpenCase): number => (latestRound(state)?.round ?? 0) + 1;

function changed(state: OpenCase, results: readonly CheckOutcome[]): boolean {
  return canonical(latestRound(state)?.results ?? null) !== canonical(results);
}

/** JSON with object keys sorted, so equal results compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function existing(state: CaseState): OpenCase {
  if (state.status === 'none') throw new CaseError('case.not_found');
  return state;
}

function required(reason: string | undefined): string {
  // The body schema asks for it already; a command without one is a programming error.
  if (reason === undefined || reason.trim() === '') throw new TypeError('decide: a reason is required');
  return reason;
}

function event<T extends StoredCaseEvent['type']>(
  type: T,
  data: Extract<StoredCaseEvent, { type: T }>['data'],
): StoredCaseEvent {
  return { type, schemaVersion: 1, data } as StoredCaseEvent;
}
