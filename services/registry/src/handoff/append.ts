import { CutoffHandoffEventSchemas, type Actor } from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import { conflict } from '@siks/service-kit';
import { cutoffStream } from '../cutoffs/fix.ts';

export type HandoffEventType = keyof typeof CutoffHandoffEventSchemas;

export interface HandoffContext {
  actor: Actor;
  correlationId: string;
  traceparent?: string;
  reason?: string;
}

/**
 * Appends hand-off events to a cut-off's stream at the revision its decision was made on: a
 * concurrent change (another reviewer, another upload) is a 409 the person retries.
 */
export async function appendHandoff(
  deps: { store: EventStore; now: () => Date; newId: () => string },
  cutoffId: string,
  expectedRevision: number,
  events: readonly { type: HandoffEventType; data: unknown }[],
  context: HandoffContext,
): Promise<void> {
  if (events.length === 0) return;
  const at = deps.now().toISOString();
  try {
    await deps.store.append(
      cutoffStream(cutoffId),
      events.map(({ type, data }) => ({
        eventId: deps.newId(),
        type,
        schemaVersion: CutoffHandoffEventSchemas[type].schemaVersion,
        data: CutoffHandoffEventSchemas[type].data.parse(data),
        metadata: {
          actor: context.actor,
          channel: 'operator' as const,
          occurredAt: at,
          correlationId: context.correlationId,
          causationId: null,
          ...(context.traceparent !== undefined ? { traceparent: context.traceparent } : {}),
          ...(context.reason !== undefined ? { reason: context.reason } : {}),
        },
      })),
      expectedRevision,
    );
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw conflict({ cutoffId }, 'cutoff_changed');
    throw error;
  }
}
