import { CASE_STREAM_PREFIX, Topics, isCaseEventType } from '@siks/contracts';
import { startBatchEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import { loadCase } from '../case/stream.ts';
import { upsertCaseRows } from '../queue/projection.ts';
import { limiter } from './limit.ts';
import { READ_CONCURRENCY } from './carry-out.ts';

export const QUEUE_CONSUMER = 'verification.case-queue';

/**
 * Keeps the work queue (`verification.cases`, `field_validations`) from the service's own
 * topic: every case event brings its row up to that revision (reading the stream when the
 * row is behind). HTTP commands write the row right away too; the revision guard orders both.
 * A batch reads first (the rows' revisions, then each case behind once) and writes last (one
 * statement), so its transaction is short once it writes. Cases the inputs consumer appended to
 * are current already (it writes their rows in its own transaction): only the rest are read.
 */
export function startQueueConsumer(options: { bus: Bus; pool: Pool; store: EventStore }): Promise<Consumer> {
  return startBatchEventConsumer({
    bus: options.bus,
    pool: options.pool,
    name: QUEUE_CONSUMER,
    topics: [Topics.verificationCases],
    handleBatch: async (events, client) => {
      const wanted = new Map<string, number>();
      for (const event of events) {
        if (!isCaseEventType(event.type) || !event.streamId.startsWith(CASE_STREAM_PREFIX)) continue;
        const proposalId = event.streamId.slice(CASE_STREAM_PREFIX.length);
        wanted.set(proposalId, Math.max(wanted.get(proposalId) ?? -1, event.revision));
      }
      if (wanted.size === 0) return;
      const { rows } = await client.query<{ proposal_id: string; revision: number }>(
        'SELECT proposal_id::text, revision FROM verification.cases WHERE proposal_id = ANY($1::uuid[])',
        [[...wanted.keys()]],
      );
      const have = new Map(rows.map((row) => [row.proposal_id, row.revision]));
      const behind = [...wanted].filter(([id, revision]) => (have.get(id.toLowerCase()) ?? -1) < revision);
      const limit = limiter(READ_CONCURRENCY);
      const states = await Promise.all(behind.map(([id]) => limit(() => loadCase(options.store, id))));
      await upsertCaseRows(client, states);
    },
  });
}
