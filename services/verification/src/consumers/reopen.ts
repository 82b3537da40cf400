import { CutoffRowAnsweredData, deterministicId, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { handleCaseCommand } from '../case/stream.ts';
import { upsertCaseRow } from '../queue/projection.ts';
import { reactionMetadata, type ReactionDeps } from './reactions.ts';

/**
 * A ministry's return of a cut-off's row (`CutoffRowAnswered` with `returned`) reopens the
 * approved case of the proposal last applied to that household, at the regency, with the
 * ministry's reason: it shows in the district's verification queue again (status
 * `checks_done`). The event id derives from the answer's, so a redelivery appends nothing; a
 * case that is not approved (already reopened, never opened here) is left alone.
 */
export async function reopenReturnedRow(db: Queryable, deps: ReactionDeps, event: RecordedEvent): Promise<void> {
  const parsed = CutoffRowAnsweredData.safeParse(event.data);
  if (!parsed.success || parsed.data.status !== 'returned') return;
  const { proposalId, reason, cutoffId, period } = parsed.data;
  const { state, events } = await handleCaseCommand({
    store: deps.store,
    proposalId,
    command: { type: 'Reopen', reason: reason ?? '-', cutoffId, period },
    metadata: reactionMetadata(event, deps.now()),
    eventId: () => deterministicId(event.eventId, `case-reopened:${proposalId}`),
  });
  if (events.length > 0) await upsertCaseRow(db, state);
}
