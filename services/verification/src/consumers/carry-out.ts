import { deterministicId, type CheckTrigger, type RecordedEvent } from '@siks/contracts';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { handleCaseCommand, loadCase } from '../case/stream.ts';
import { initialCaseState, UNDECIDED, type CaseState } from '../case/state.ts';
import { upsertCaseRows } from '../queue/projection.ts';
import { runChecks } from '../checks/run.ts';
import { gatherFacts, loadProposals } from '../inputs/gather.ts';
import { limiter } from './limit.ts';
import { reactionMetadata, type ReactionDeps } from './reactions.ts';

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
  // Cases whose only request is a first submission are not read (see below).
  const firstSubmission = (id: string): boolean => {
    const list = byCase.get(id)!;
    return list.length === 1 && list[0]!.kind === 'checks' && list[0]!.trigger === 'submitted';
  };
  const states = new Map(
    await Promise.all(
      ids
        .filter((id) => !firstSubmission(id))
        .map(async (id) => [id, await limit(() => loadCase(deps.store, id))] as const),
    ),
  );
  const needFacts = ids.filter((id) => {
    const state = states.get(id) ?? initialCaseState();
    return byCase
      .get(id)!
      .some(
        (request) =>
          request.kind === 'checks' &&
          (SUBMISSION.has(request.trigger) || (state.status !== 'none' && UNDECIDED.has(state.status))),
      );
  });
  const proposals = await loadProposals(db, needFacts);
  // Opened all at once: the keyring reads the keys asked for in one turn with one query.
  const facts = await gatherFacts(db, deps.opener, [...proposals.values()]);
  const changed: CaseState[] = [];
  const outcomes = await Promise.allSettled(
    ids.map(async (proposalId) => {
      const proposal = proposals.get(proposalId);
      const caseFacts = facts.get(proposalId);
      const results = caseFacts ? runChecks(caseFacts, deps.checks) : undefined;
      const run = async (initial: CaseState): Promise<CaseState> => {
        let state = initial;
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
        if (state.revision !== initial.revision) changed.push(state);
        return state;
      };
      const assumed = states.get(proposalId);
      if (assumed) return run(assumed);
      // A first submission: the case is assumed not to exist (no read); when it does, the
      // append is refused (or finds its own events: a redelivery) and the case is read.
      try {
        await run(initialCaseState());
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) && !(error instanceof DuplicateEventIdError)) throw error;
        await run(await loadCase(deps.store, proposalId));
      }
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  // The work queue learns of the new revisions now, in this transaction (after the appends): the
  // queue consumer then finds its rows current instead of reading every case stream again.
  await upsertCaseRows(db, changed);
}
