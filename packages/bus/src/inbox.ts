import type { Queryable } from '@siks/pg';

/**
 * Marks `eventId` as processed by `consumer` in `bus.inbox`; true when this call marked it (go
 * ahead: first time), false when it was processed before (skip). Call it inside the handler's
 * own transaction, with the handler's effect (DESIGN.md §2): a rollback unmarks it, and a
 * concurrent transaction marking the same event waits for this one and then gets false.
 */
export async function processedOnce(client: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const result = await client.query(
    'INSERT INTO bus.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT (consumer, event_id) DO NOTHING',
    [consumer, eventId],
  );
  return result.rowCount === 1;
}
