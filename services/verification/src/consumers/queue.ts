import { CASE_STREAM_PREFIX, Topics, isCaseEventType } from '@siks/contracts';
import { startEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import { refreshCaseRow } from '../queue/projection.ts';

export const QUEUE_CONSUMER = 'verification.case-queue';

/**
 * Keeps the work queue (`verification.cases`, `field_validations`) from the service's own
 * topic: every case event brings its row up to that revision (reading the stream when the
 * row is behind). HTTP commands write the row right away too; the revision guard orders both.
 */
export function startQueueConsumer(options: { bus: Bus; pool: Pool; store: EventStore }): Promise<Consumer> {
  return startEventConsumer({
    bus: options.bus,
    pool: options.pool,
    name: QUEUE_CONSUMER,
    topics: [Topics.verificationCases],
    handle: async (event, client) => {
      if (!isCaseEventType(event.type) || !event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
      await refreshCaseRow(client, options.store, event.streamId.slice(CASE_STREAM_PREFIX.length), event.revision);
    },
  });
}
