import type {
  Actor,
  CheckName,
  DuplicateResolution,
  CaseStatus,
  Channel,
  CheckOutcome,
  CheckTrigger,
  FieldValidationOutcome,
  ProposalType,
  Sealed,
} from '@siks/contracts';

/** Who did something and when (from the event metadata). */
export interface Stamp {
  actor: Actor;
  at: string;
}

export interface CheckRound extends Stamp {
  round: number;
  trigger: CheckTrigger;
  results: CheckOutcome[];
}

export type DecisionKind = 'verify' | 'return' | 'reject' | 'approve' | 'withdraw' | 'reopen';

export interface DecisionRecord extends Stamp {
  decision: DecisionKind;
  reason?: string;
  fields?: string[];
  batchId?: string;
  /** Failing checks a verification went over (verify only). */
  overrides?: CheckName[];
  /** How an approval resolved people or a KK active in another household (approve only). */
  resolution?: DuplicateResolution;
  /** The cut-off and period a ministry's return came from (reopen only). */
  cutoffId?: string;
  period?: string;
}

export interface FieldValidationRecord {
  fieldValidationId: string;
  status: 'ordered' | 'recorded';
  ordered: Stamp;
  /** Sealed `{instructions}`. */
  instructions: Sealed;
  outcome?: FieldValidationOutcome;
  /** Sealed `{notes}`. */
  notes?: Sealed;
  recorded?: Stamp;
}

/** A verification case as folded from its stream (`case-<proposalId>`). */
export type CaseState =
  | { status: 'none'; revision: -1 }
  | {
      status: CaseStatus;
      /** Stream revision of the last event: the case's ETag. */
      revision: number;
      proposalId: string;
      regionCode: string;
      proposalType: ProposalType;
      channel: Channel;
      householdId?: string;
      opened: Stamp;
      updatedAt: string;
      rounds: CheckRound[];
      decisions: DecisionRecord[];
      fieldValidations: FieldValidationRecord[];
    };

export type OpenCase = Exclude<CaseState, { status: 'none' }>;

export const initialCaseState = (): CaseState => ({ status: 'none', revision: -1 });

/** Statuses in which a case still waits for a person (decisions and new rounds of checks apply). */
export const UNDECIDED: ReadonlySet<CaseStatus> = new Set(['open', 'checks_done', 'field_validation']);

export const latestRound = (state: OpenCase): CheckRound | undefined => state.rounds[state.rounds.length - 1];
