import {
  Traceparent,
  deterministicId,
  type Actor,
  type CheckTrigger,
  type EventMetadata,
  type RecordedEvent,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { handleCaseCommand, loadCase } from '../case/stream.ts';
import { UNDECIDED } from '../case/state.ts';
import { runChecks } from '../checks/run.ts';
import { limiter } from './limit.ts';
import type { CheckConfig } from '../config.ts';
import { gatherFacts, loadProposals, type PersonalDataOpener } from '../inputs/gather.ts';

/** What the consumers need to react to events. */
export interface ReactionDeps {
  store: EventStore;
  opener: PersonalDataOpener;
  checks: CheckConfig;
  now: () => Date;
}

/** The service itself, as the actor of the events it appends in reaction. */
export const SYSTEM_ACTOR: Actor = { userId: 'siks-verification', role: 'system', regionCode: '' };

/** Metadata of an event appended because of `cause`: same correlation and trace, caused by it. */
export function reactionMetadata(cause: RecordedEvent, now: Date): EventMetadata {
  const traceparent = Traceparent.safeParse(cause.metadata.traceparent);
  return {
    actor: SYSTEM_ACTOR,
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    ...(traceparent.success ? { traceparent: traceparent.data } : {}),
  };
}

const SUBMISSION: ReadonlySet<CheckTrigger> = new Set(['submitted', 'resubmitted']);

/** Case streams read and personal fields opened at once by one batch (each may take a pool connection). */
export const READ_CONCURRENCY = 4;

/** Something a consumed event asks of one case, in the order the events were consumed. */
export type CaseRequest =
  | { kind: 'checks'; proposalId: string; trigger: CheckTrigger; cause: RecordedEvent }
  | { kind: 'withdraw'; proposalId: string; reason: string; cause: RecordedEvent };

/**
 * Carries out the requests of a batch of events on their cases. Per case, in consumption order:
 * a checks request on a submission opens the case (or starts the round after a return); on
 * other triggers it adds a round only while the case is undecided and some result changed
 * (decide.ts); a withdrawal closes an undecided case. The checks' facts are gathered once per
 * case, set-based for the whole batch, after the read models took in every event of the batch:
 * so each round reflects everything consumed so far, and later requests of the same batch on
 * that case find nothing changed. Cases are loaded and appended to concurrently (the store's
 * group commit joins the appends). Event ids derive from the causing event, so a redelivery
 * appends nothing twice.
 */
export async function carryOut(db: Queryable, deps: ReactionDeps, requests: readonly CaseRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const byCase = new Map<string, CaseRequest[]>();
  for (const request of requests) {
    const list = byCase.get(request.proposalId);
    if (list) list.push(request);
    else byCase.set(request.proposalId, [request]);
  }
  const ids = [...byCase.keys()];
  const limit = limiter(READ_CONCURRENCY);
  const states = new Map(
    await Promise.all(ids.map(async (id) => [id, await limit(() => loadCase(deps.store, id))] as const)),
  );
  const needFacts = ids.filter((id) => {
    const state = states.get(id)!;
    return byCase
      .get(id)!
      .some(
        (request) =>
          request.kind === 'checks' &&
          (SUBMISSION.has(request.trigger) || (state.status !== 'none' && UNDECIDED.has(state.status))),
      );
  });
  const proposals = await loadProposals(db, needFacts);
  const opener: PersonalDataOpener = { open: (sealed) => limit(() => deps.opener.open(sealed)) };
  const facts = await gatherFacts(db, opener, [...proposals.values()]);
  const outcomes = await Promise.allSettled(
    ids.map(async (proposalId) => {
      let state = states.get(proposalId)!;
      const proposal = proposals.get(proposalId);
      const caseFacts = facts.get(proposalId);
      const results = caseFacts ? runChecks(caseFacts, deps.checks) : undefined;
      for (const request of byCase.get(proposalId)!) {
        const metadata = reactionMetadata(request.cause, deps.now());
        if (request.kind === 'withdraw') {
          state = (
            await handleCaseCommand({
              store: deps.store,
              proposalId,
              state,
              command: { type: 'Withdraw', reason: request.reason },
              metadata,
              eventId: () => deterministicId(request.cause.eventId, `withdrawn:${proposalId}`),
            })
          ).state;
          continue;
        }
        if (!SUBMISSION.has(request.trigger) && (state.status === 'none' || !UNDECIDED.has(state.status))) continue;
        if (!proposal || !results) continue;
        state = (
          await handleCaseCommand({
            store: deps.store,
            proposalId,
            state,
            command: {
              type: 'RunChecks',
              trigger: request.trigger,
              proposal: {
                proposalId,
                regionCode: proposal.regionCode,
                proposalType: proposal.proposalType,
                channel: proposal.channel,
                householdId: proposal.householdId,
              },
              results,
            },
            metadata,
            eventId: (_index, event) =>
              deterministicId(
                request.cause.eventId,
                event.type === 'CaseOpened' ? `case-opened:${proposalId}` : `checks:${proposalId}`,
              ),
          })
        ).state;
      }
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** At most this many related cases are re-checked per event (a bound on the work of one event). */
export const RELATED_LIMIT = 50;

/**
 * Per proposal id: the submitted proposals (other than itself) that share a member NIK, the KK
 * number or the household with it, at most `RELATED_LIMIT`: their duplicate and conflict
 * findings may change when it enters or leaves the pending set.
 */
export async function relatedProposals(db: Queryable, proposalIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return found;
  const { rows } = await db.query<{ asker: string; proposal_id: string }>(
    `SELECT asker.id::text AS asker, r.proposal_id FROM unnest($1::uuid[]) AS asker(id) CROSS JOIN LATERAL (
       WITH me AS (SELECT household_id, kk_index FROM verification.proposals WHERE proposal_id = asker.id),
            candidates AS (
              SELECT p.proposal_id FROM verification.proposals p, me WHERE p.household_id = me.household_id
              UNION
              SELECT p.proposal_id FROM verification.proposals p, me WHERE p.kk_index = me.kk_index
              UNION
              SELECT other.proposal_id FROM verification.proposal_people mine
                JOIN verification.proposal_people other ON other.nik_index = mine.nik_index
               WHERE mine.proposal_id = asker.id)
       SELECT c.proposal_id FROM candidates c JOIN verification.proposals p USING (proposal_id)
        WHERE c.proposal_id <> asker.id AND p.status = 'submitted'
        ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}) r
     ORDER BY asker, r.proposal_id`,
    [proposalIds],
  );
  for (const row of rows) found.get(row.asker)?.push(row.proposal_id);
  return found;
}

/** NIK and KK indexes a reference line or a registry change concerns. */
export interface NamedIndexes {
  nikIndexes: readonly string[];
  kkIndexes: readonly string[];
}

/**
 * Per query, in order: the submitted proposals naming one of its NIKs or KK numbers (at most
 * `RELATED_LIMIT`, by id).
 */
export async function proposalsNaming(db: Queryable, queries: readonly NamedIndexes[]): Promise<string[][]> {
  if (queries.length === 0) return [];
  const input = queries.map((query) => ({ n: query.nikIndexes, k: query.kkIndexes }));
  const { rows } = await db.query<{ ord: string; proposal_id: string }>(
    `WITH asked AS (
       SELECT q.ord, ARRAY(SELECT jsonb_array_elements_text(q.a->'n')) AS niks,
              ARRAY(SELECT jsonb_array_elements_text(q.a->'k')) AS kks
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS q(a, ord))
     SELECT asked.ord, r.proposal_id FROM asked CROSS JOIN LATERAL (
       WITH candidates AS (
         SELECT proposal_id FROM verification.proposal_people WHERE nik_index = ANY(asked.niks)
         UNION
         SELECT proposal_id FROM verification.proposals WHERE kk_index = ANY(asked.kks))
       SELECT c.proposal_id FROM candidates c JOIN verification.proposals p USING (proposal_id)
        WHERE p.status = 'submitted' ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}) r
     ORDER BY asked.ord, r.proposal_id`,
    [JSON.stringify(input)],
  );
  const found = queries.map((): string[] => []);
  for (const row of rows) found[Number(row.ord) - 1]?.push(row.proposal_id);
  return found;
}
