import {
  SystemReason,
  Topics,
  isHouseholdEventType,
  personForgottenOf,
  type CheckTrigger,
  type RecordedEvent,
} from '@siks/contracts';
import { startBatchEventConsumer, type Bus, type Consumer } from '@siks/bus';
import { createStatisticsKeeper, type Pool, type PoolClient } from '@siks/pg';
import type { Logger } from '@siks/service-kit';
import { applyErasure } from '../inputs/erasure.ts';
import { applyDocumentEvent } from '../inputs/evidence.ts';
import { applyHouseholdEvent } from '../inputs/households.ts';
import { applyIntakeEvent, type ProposalChange } from '../inputs/proposals.ts';
import { applySetRun, SetRun, setEventOf } from '../inputs/proposals-set.ts';
import { carryOut, type CaseRequest } from './carry-out.ts';
import { reopenReturnedRow } from './reopen.ts';
import { proposalsNaming, relatedProposals, type NamedIndexes, type ReactionDeps } from './reactions.ts';

export const INPUTS_CONSUMER = 'verification.inputs';

const DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  'DocumentUploaded',
  'DocumentLinked',
  'DocumentUnlinked',
  'DocumentRejected',
  'DocumentDuplicateFound',
]);

/**
 * What one consumed event asks for, once the read models took it in: checks of named cases, a
 * withdrawal, or checks of the cases related to a proposal or naming some NIKs / KK numbers
 * (found after the whole batch is in the read models).
 */
type Reaction =
  | CaseRequest
  | { kind: 'related'; proposalId: string; cause: RecordedEvent }
  | { kind: 'naming'; indexes: NamedIndexes; trigger: CheckTrigger; cause: RecordedEvent };

/**
 * Handles a batch of events of intake, document and registry inside the consumer's transaction:
 * the read models first (event by event, in order), then the reactions of the whole batch
 * (checks on submission; a new round when evidence or a reference line arrives for an undecided
 * case; related cases re-checked when a proposal enters or leaves the pending set; the case
 * closed when its proposal is withdrawn), set-based (reactions.ts `carryOut`).
 *
 * Ordering between topics: evidence, reference lines and registry households may be consumed
 * before or after the submission they concern. Before (in an earlier batch or earlier in the
 * same one): they are in the read models when the case opens. After (in the same batch: the
 * case opens with them already; in a later batch): they trigger a new round on the undecided
 * case (only when a result changes), so the latest round always reflects everything consumed
 * so far. Related and named cases are looked up once the whole batch is in the read models.
 */
export async function handleInputBatch(
  client: PoolClient,
  deps: ReactionDeps,
  events: readonly RecordedEvent[],
  logger?: Logger,
): Promise<void> {
  const reactions = await applyInputEvents(client, events, logger);
  for (const event of events) if (event.type === 'CutoffRowAnswered') await reopenReturnedRow(client, deps, event);
  for (const event of events)
    for (const subject of personForgottenOf(event)?.subjects ?? []) deps.forgetter?.evict(subject);

  const relatedOf = await relatedProposals(client, [
    ...new Set(reactions.flatMap((reaction) => (reaction.kind === 'related' ? [reaction.proposalId] : []))),
  ]);
  const namingQueries = reactions.flatMap((reaction) => (reaction.kind === 'naming' ? [reaction.indexes] : []));
  const named = await proposalsNaming(client, namingQueries);
  let namedAt = 0;
  const requests: CaseRequest[] = reactions.flatMap((reaction): CaseRequest[] => {
    switch (reaction.kind) {
      case 'checks':
      case 'withdraw':
        return [reaction];
      case 'related':
        return (relatedOf.get(reaction.proposalId) ?? []).map((proposalId) => ({
          kind: 'checks',
          proposalId,
          trigger: 'related_proposal',
          cause: reaction.cause,
        }));
      case 'naming':
        return (named[namedAt++] ?? []).map((proposalId) => ({
          kind: 'checks',
          proposalId,
          trigger: reaction.trigger,
          cause: reaction.cause,
        }));
      default: {
        const unreachable: never = reaction;
        return unreachable;
      }
    }
  });
  await carryOut(client, deps, requests);
}

/** One event of the batch: `handleInputBatch` of that event alone. */
export function handleInputEvent(
  client: PoolClient,
  deps: ReactionDeps,
  event: RecordedEvent,
  logger?: Logger,
): Promise<void> {
  return handleInputBatch(client, deps, [event], logger);
}

/** Takes one event into the read models and says what it asks for. */
async function applyInputEvent(client: PoolClient, event: RecordedEvent, logger?: Logger): Promise<Reaction[]> {
  const ignored = (why: string): Reaction[] => {
    logger?.warn({ eventId: event.eventId, type: event.type, why }, 'event ignored by verification');
    return [];
  };
  const cause = event;

  if (DOCUMENT_TYPES.has(event.type)) {
    const change = await applyDocumentEvent(client, event);
    if ('ignored' in change) return ignored(change.ignored);
    return change.proposalIds.map((proposalId) => ({ kind: 'checks', proposalId, trigger: 'evidence', cause }));
  }
  if (isHouseholdEventType(event.type)) {
    const change = await applyHouseholdEvent(client, event);
    if ('ignored' in change) return ignored(change.ignored);
    return [
      {
        kind: 'naming',
        indexes: { nikIndexes: change.nikIndexes, kkIndexes: change.kkIndexes },
        trigger: 'registry',
        cause,
      },
    ];
  }
  const forgotten = personForgottenOf(event);
  if (forgotten) {
    await applyErasure(client, forgotten);
    return [];
  }
  return reactionsOf(await applyIntakeEvent(client, event), event, logger);
}

/**
 * Takes the events into the read models in order (runs of drafts and submissions set-based,
 * proposals-set.ts) and says what each asks for, in order.
 */
async function applyInputEvents(
  client: PoolClient,
  events: readonly RecordedEvent[],
  logger?: Logger,
): Promise<Reaction[]> {
  const reactions: Reaction[][] = [];
  let run = new SetRun();
  let runAt: number[] = [];
  const flush = async (): Promise<void> => {
    if (run.items.length === 0) return;
    const changes = await applySetRun(client, run);
    changes.forEach((change, i) => {
      const item = run.items[i]!;
      reactions[runAt[i]!] = reactionsOf(change, item.event, logger);
    });
    run = new SetRun();
    runAt = [];
  };
  for (const [index, event] of events.entries()) {
    const item = setEventOf(event);
    if (item) {
      if (!run.accepts(item)) await flush();
      run.add(item);
      runAt.push(index);
      continue;
    }
    await flush();
    reactions[index] = await applyInputEvent(client, event, logger);
  }
  await flush();
  return reactions.flat();
}

/** What an intake event's change asks for. */
function reactionsOf(change: ProposalChange, event: RecordedEvent, logger?: Logger): Reaction[] {
  const cause = event;
  const ignored = (why: string): Reaction[] => {
    logger?.warn({ eventId: event.eventId, type: event.type, why }, 'event ignored by verification');
    return [];
  };
  switch (change.kind) {
    case 'submitted':
      return [
        {
          kind: 'checks',
          proposalId: change.proposalId,
          trigger: change.resubmitted ? 'resubmitted' : 'submitted',
          cause,
        },
        { kind: 'related', proposalId: change.proposalId, cause },
      ];
    case 'left_pending':
      return [
        ...(change.withdrawn
          ? [
              {
                kind: 'withdraw' as const,
                proposalId: change.proposalId,
                reason: change.reason ?? SystemReason.enum.withdrawn,
                cause,
              },
            ]
          : []),
        { kind: 'related', proposalId: change.proposalId, cause },
      ];
    case 'reference':
      return [
        { kind: 'naming', indexes: { nikIndexes: change.nikIndexes, kkIndexes: [] }, trigger: 'reference', cause },
      ];
    case 'ignored':
      return ignored(change.why);
    case 'none':
      return [];
    default: {
      const unreachable: never = change;
      return unreachable;
    }
  }
}

export interface InputsConsumerOptions {
  bus: Bus;
  pool: Pool;
  deps: ReactionDeps;
  logger?: Logger | undefined;
  /** Largest batch handled in one transaction (the bus's default when omitted). */
  maxBatchSize?: number | undefined;
}

/**
 * The read-model tables the checks look up: filled from the stream, they can grow tenfold
 * between two visits of autovacuum (a burst, a catch-up), so the consumer keeps their planner
 * statistics current itself (`createStatisticsKeeper`).
 */
export const LOOKED_UP_TABLES = [
  'verification.proposals',
  'verification.proposal_people',
  'verification.evidence',
  'verification.evidence_links',
  'verification.photo_matches',
  'verification.population_reference',
  'verification.households',
  'verification.household_members',
] as const;

/** The consumer of intake, document and registry topics (one group; idempotent per event id). */
export async function startInputsConsumer(options: InputsConsumerOptions): Promise<Consumer> {
  const statistics = createStatisticsKeeper({
    pool: options.pool,
    tables: LOOKED_UP_TABLES,
    onError: (error) => options.logger?.warn({ err: error }, 'could not refresh read-model statistics'),
  });
  const consumer = await startBatchEventConsumer({
    bus: options.bus,
    pool: options.pool,
    name: INPUTS_CONSUMER,
    topics: [Topics.intakeProposals, Topics.documentEvidence, Topics.registryHouseholds],
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    handleBatch: async (events, client) => {
      await handleInputBatch(client, options.deps, events, options.logger);
      statistics.poke();
    },
  });
  return {
    assignment: () => consumer.assignment(),
    async stop() {
      await consumer.stop();
      await statistics.stop();
    },
  };
}
