import type { Actor, Channel, EventMetadata } from '@siks/contracts';
import { currentTraceparent, requireRole, toEventActor } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';

/** Who may write in intake: the village operator. District roles, province, centre and auditors read. */
export const writers = requireRole('operator_desa');

/** Metadata of the events a request appends (DESIGN.md §4): who, when, from where, why, which trace. */
export function requestMetadata(request: FastifyRequest, now: Date, channel: Channel, reason?: string): EventMetadata {
  return actorMetadata(toEventActor(request.actor), request.id, now, channel, reason);
}

/** Metadata of events appended on behalf of `actor` (a person, or `system` for reactions). */
export function actorMetadata(
  actor: Actor,
  correlationId: string,
  now: Date,
  channel: Channel,
  reason?: string,
): EventMetadata {
  const traceparent = currentTraceparent();
  return {
    actor,
    channel,
    occurredAt: now.toISOString(),
    correlationId,
    causationId: null,
    ...(traceparent ? { traceparent } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}
