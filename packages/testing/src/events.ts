import { uuidv7, type EventMetadata, type NewEvent } from '@siks/contracts';

export interface TestEventOptions {
  type?: string;
  data?: Record<string, unknown>;
  eventId?: string;
  /** Who recorded it; a village operator of 52.02.01.2001 by default. */
  actor?: EventMetadata['actor'];
  occurredAt?: string;
  traceparent?: string;
}

/**
 * A new event for tests of the event store, the bus and their users: `TestHappened` with `{}` by a
 * village operator on 2 January 2025, with a fresh id (its own correlation id) unless told otherwise.
 */
export function testEvent(options: TestEventOptions = {}): NewEvent {
  const eventId = options.eventId ?? uuidv7();
  return {
    eventId,
    type: options.type ?? 'TestHappened',
    schemaVersion: 1,
    data: options.data ?? {},
    metadata: {
      actor: options.actor ?? { userId: 'user-1', role: 'operator_desa', regionCode: '52.02.01.2001' },
      channel: 'operator',
      occurredAt: options.occurredAt ?? '2025-01-02T03:04:05.000Z',
      correlationId: eventId,
      causationId: null,
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    },
  };
}
