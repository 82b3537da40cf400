import { Topics, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { proposalIdOf, streamOf, uuid } from '../../events/read.ts';
import type { Projection, TableName } from '../projection.ts';
import { addToCounters, CounterDeltas, loadRows, upsertRows } from '../sql.ts';
import { DAY_KEY, moveDays } from './days.ts';
import { countKey, emptyProposal, evolveProposal, PROPOSALS_TABLE, type ProposalRow } from './evolve.ts';

/** The proposal a household event applied (household events name their causing proposal). */
function targetOf(event: RecordedEvent): string | undefined {
  return streamOf(event.streamId).kind === 'household' ? uuid(event.data, 'proposalId') : proposalIdOf(event);
}

const COUNT_KEY = [
  { name: 'region_code', type: 'text' },
  { name: 'proposal_type', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'stage', type: 'text' },
  { name: 'applied', type: 'boolean' },
] as const;

/**
 * Proposals by village, type, channel and stage (`proposal_counts`) and by regency and day
 * (`proposal_days`, see days.ts), from one row per proposal (`proposals`).
 */
export const proposalsProjection: Projection = {
  name: 'proposals',
  topics: [Topics.intakeProposals, Topics.verificationCases, Topics.registryHouseholds],
  tables: ['proposals', 'proposal_counts', 'proposal_days'],
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName) {
    const relevant = events.filter((event) => {
      const kind = streamOf(event.streamId).kind;
      return (kind === 'proposal' || kind === 'case' || kind === 'household') && targetOf(event) !== undefined;
    });
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((event) => targetOf(event)!))];
    const before = await loadRows<ProposalRow>(client, table('proposals'), 'proposal_id', ids);
    const after = new Map(before);
    for (const event of relevant) {
      const id = targetOf(event)!;
      after.set(id, evolveProposal(after.get(id) ?? emptyProposal(id), event));
    }
    const deltas = new CounterDeltas();
    const days = new CounterDeltas();
    for (const [id, row] of after) {
      const old = before.get(id);
      deltas.move(old ? countKey(old) : undefined, countKey(row));
      moveDays(days, old, row);
    }
    await upsertRows(client, table('proposals'), [...after.values()], PROPOSALS_TABLE);
    await addToCounters(client, table('proposal_counts'), COUNT_KEY, deltas.entries);
    await addToCounters(client, table('proposal_days'), DAY_KEY, days.entries);
  },
};
