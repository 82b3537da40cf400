import {
  Actor,
  CASE_STREAM_PREFIX,
  CaseEventSchemas,
  deterministicId,
  DuplicateResolution,
  type EventMetadata,
  type RecordedEvent,
} from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import type { ProposalCommand } from './commands.ts';
import { decide } from './decide.ts';
import { ProposalError } from './errors.ts';
import { appendProposal, loadProposal } from './repository.ts';
import type { PersonalDataSealer } from './seal.ts';
import type { WindowConfig } from '@siks/contracts';

/** Verification's decisions (stream `case-<proposalId>`) and what they mean for the proposal. */
export const CASE_OUTCOMES = {
  CaseReturned: 'ReturnProposal',
  CaseVerified: 'VerifyProposal',
  CaseRejected: 'RejectProposal',
  CaseApproved: 'ApproveProposal',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, max) : undefined;

/**
 * The command a case event asks of the proposal, or undefined when it asks nothing. Fields are
 * read defensively (the verification contracts may grow): the proposal id from `data.proposalId`
 * or the stream id, the reason from the data or the metadata.
 */
export function outcomeCommand(event: RecordedEvent, now: Date): ProposalCommand | undefined {
  if (!Object.hasOwn(CASE_OUTCOMES, event.type)) return undefined;
  const type = event.type as keyof typeof CASE_OUTCOMES;
  // The contract's shape when it matches; a newer shape is still read field by field.
  const parsed = CaseEventSchemas[type].data.safeParse(event.data);
  const data: Record<string, unknown> = parsed.success ? parsed.data : event.data;
  const proposalId =
    text(data['proposalId'], 36) ??
    (event.streamId.startsWith(CASE_STREAM_PREFIX) ? event.streamId.slice(CASE_STREAM_PREFIX.length) : '');
  if (!UUID.test(proposalId)) return undefined;
  const verificationCaseId = text(data['caseId'], 200) ?? event.streamId;
  const reason = text(data['reason'], 2000) ?? text(event.metadata.reason, 2000) ?? '-';
  const actor = Actor.safeParse(event.metadata.actor);
  const metadata = {
    now,
    actor: actor.success ? actor.data : { userId: 'verification', role: 'system' as const, regionCode: '' },
  };
  switch (type) {
    case 'CaseReturned': {
      const fields = Array.isArray(data['fields'])
        ? data['fields'].filter((field): field is string => typeof field === 'string' && field.length <= 200)
        : [];
      return {
        type: 'ReturnProposal',
        data: { proposalId, reason, verificationCaseId, fields: fields.slice(0, 100) },
        metadata,
      };
    }
    case 'CaseVerified':
      return { type: 'VerifyProposal', data: { proposalId, verificationCaseId }, metadata };
    case 'CaseRejected':
      return { type: 'RejectProposal', data: { proposalId, verificationCaseId, reason }, metadata };
    case 'CaseApproved': {
      // The registry applies the resolution on ProposalApproved: carry it over, or nothing.
      const resolution = DuplicateResolution.safeParse(data['resolution']);
      return {
        type: 'ApproveProposal',
        data: { proposalId, verificationCaseId, ...(resolution.success ? { resolution: resolution.data } : {}) },
        metadata,
      };
    }
    default:
      return undefined;
  }
}

export interface OutcomeDeps {
  store: EventStore;
  sealer: PersonalDataSealer;
  windows: WindowConfig;
  clock: () => Date;
  log: { warn(object: object, message: string): void };
}

/**
 * Applies a case decision to its proposal with an event id derived from the case event's, so a
 * redelivery appends nothing twice. A decision the proposal's state refuses (already applied,
 * withdrawn meanwhile, unknown proposal) is logged and skipped; a concurrent write is retried.
 */
export async function applyCaseOutcome(deps: OutcomeDeps, event: RecordedEvent): Promise<void> {
  const command = outcomeCommand(event, deps.clock());
  if (!command) return;
  const { proposalId } = command.data;
  const eventId = (index: number): string => deterministicId(event.eventId, `intake.proposal-outcome:${index}`);
  for (let attempt = 0; ; attempt += 1) {
    const loaded = await loadProposal(deps.store, proposalId);
    if (loaded.recorded.some((recorded) => recorded.eventId === eventId(0))) return;
    let events;
    try {
      events = decide(command, loaded.state, { windows: deps.windows });
    } catch (error) {
      if (!(error instanceof ProposalError)) throw error;
      deps.log.warn({ proposalId, caseEvent: event.type, refusal: error.code }, 'case outcome not applicable');
      return;
    }
    const reason = 'reason' in command.data ? command.data.reason : undefined;
    const metadata: EventMetadata = {
      actor: command.metadata.actor,
      channel: 'system',
      occurredAt: command.metadata.now.toISOString(),
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
      ...(event.metadata.traceparent ? { traceparent: event.metadata.traceparent } : {}),
      ...(reason !== undefined && reason !== '-' ? { reason } : {}),
    };
    try {
      await appendProposal(deps.store, deps.sealer, {
        proposalId,
        events,
        before: null,
        expected: loaded.state.revision,
        metadata,
        eventId,
      });
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= 4) throw error;
    }
  }
}

/**
 * The case events of a batch that ask something of a proposal, by proposal, each proposal's in
 * log order. Everything else verification says (checks recorded, field validation ordered…) is
 * left out here, before any read of the event store.
 */
export function outcomesByProposal(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byProposal = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const proposalId = outcomeCommand(event, new Date(0))?.data.proposalId;
    if (proposalId === undefined) continue;
    const list = byProposal.get(proposalId);
    if (list) list.push(event);
    else byProposal.set(proposalId, [event]);
  }
  return byProposal;
}

/** Proposals a batch of outcomes works on at once (each reads its stream and appends on the pool). */
export const OUTCOME_CONCURRENCY = 8;

/**
 * `applyCaseOutcome` for a delivered batch: irrelevant events are skipped up front; a proposal's
 * decisions are applied one after the other in log order, different proposals (independent
 * streams) side by side, up to `concurrency` at once, so their appends can share a commit when
 * `deps.store` groups them (`withGroupCommit`). Each append is its own transaction on the pool
 * (never the consumer's), with ids derived from the case event's: a batch that fails half-way
 * is delivered again and appends nothing twice. Resolves with the number of relevant events;
 * rejects with the first failure once every proposal under way has finished.
 */
export async function applyCaseOutcomes(
  deps: OutcomeDeps,
  events: readonly RecordedEvent[],
  concurrency = OUTCOME_CONCURRENCY,
): Promise<number> {
  const queue = [...outcomesByProposal(events).values()];
  const failures: unknown[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (failures.length === 0) {
      const decisions = queue[next];
      next += 1;
      if (!decisions) return;
      try {
        for (const event of decisions) await applyCaseOutcome(deps, event);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, lane));
  if (failures.length > 0) throw failures[0];
  return queue.reduce((sum, decisions) => sum + decisions.length, 0);
}
