import { Topics, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { streamOf } from '../../events/read.ts';
import { blankReasons } from '../erasure.ts';
import type { Projection, TableName } from '../projection.ts';
import { insertRows, loadRows, upsertRows } from '../sql.ts';
import {
  DECISIONS_TABLE,
  emptyRound,
  evolveRound,
  isDecisionInput,
  ROUNDS_TABLE,
  type DecisionRow,
  type RoundRow,
} from './evolve.ts';

/** Decisions with their submission time and reasons (`decisions`), and the open round per proposal (`decision_rounds`). */
export const decisionsProjection: Projection = {
  name: 'decisions',
  topics: [Topics.intakeProposals],
  tables: ['decision_rounds', 'decisions'],
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName) {
    const relevant = events.filter(
      (event) =>
        streamOf(event.streamId).kind === 'proposal' && streamOf(event.streamId).id && isDecisionInput(event.type),
    );
    if (relevant.length === 0) return blankReasons(client, events, table, 'decisions');
    const ids = [...new Set(relevant.map((event) => streamOf(event.streamId).id!))];
    const rounds = await loadRows<RoundRow>(client, table('decision_rounds'), 'proposal_id', ids);
    const decisions: DecisionRow[] = [];
    for (const event of relevant) {
      const id = streamOf(event.streamId).id!;
      const next = evolveRound(rounds.get(id) ?? emptyRound(id), event);
      rounds.set(id, next.row);
      if (next.decision) decisions.push(next.decision);
    }
    await upsertRows(client, table('decision_rounds'), [...rounds.values()], ROUNDS_TABLE);
    await insertRows(client, table('decisions'), decisions, DECISIONS_TABLE);
    await blankReasons(client, events, table, 'decisions');
  },
};
