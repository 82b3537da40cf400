import type { Channel, EventMetadata, RecordedEvent } from '@siks/contracts';
import { currentTraceparent, toEventActor } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';

/** Metadata of an event a person caused through a request (who, when, which request). */
export function requestMetadata(request: FastifyRequest, now: Date, channel: Channel): EventMetadata {
  const traceparent = currentTraceparent();
  return {
    actor: toEventActor(request.actor),
    channel,
    occurredAt: now.toISOString(),
    correlationId: request.id,
    causationId: null,
    ...(traceparent ? { traceparent } : {}),
  };
}

/** The document service acting on its own, in reaction to `cause`. */
export const SYSTEM_ACTOR = { userId: 'document-service', role: 'system', regionCode: '' } as const;

/** Metadata of an event the service appends in reaction to `cause` (same correlation and trace). */
export function reactionMetadata(cause: RecordedEvent, now: Date): EventMetadata {
  return {
    actor: { ...SYSTEM_ACTOR },
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    ...(cause.metadata.traceparent ? { traceparent: cause.metadata.traceparent } : {}),
  };
}
