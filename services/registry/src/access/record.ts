import {
  AccessEventSchemas,
  deterministicId,
  type AccessEventType,
  type Actor,
  type Channel,
  type NewEvent,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import { z } from 'zod';
import { ACCESS_PREFIX } from '../households/streams.ts';

/**
 * The stream of one reader's reads on one (UTC) day: `access-<yyyy-mm-dd>-<reader>`, where
 * `reader` is a UUID derived from the user id (user ids may be names; stream ids are not
 * for personal data). One stream per reader and day keeps appends from contending.
 */
export function accessStream(userId: string, at: Date): string {
  return `${ACCESS_PREFIX}${at.toISOString().slice(0, 10)}-${deterministicId('registry.reader', userId)}`;
}

export interface AccessRecorder {
  record<T extends AccessEventType>(
    type: T,
    data: z.input<(typeof AccessEventSchemas)[T]['data']>,
    context: { actor: Actor; correlationId: string; traceparent?: string; channel?: Channel },
  ): Promise<void>;
}

/** Appends access events before the data is answered: no record, no answer. */
export function createAccessRecorder(deps: {
  store: EventStore;
  now: () => Date;
  newId: () => string;
}): AccessRecorder {
  return {
    async record(type, data, context) {
      const at = deps.now();
      const schema = AccessEventSchemas[type];
      const event: NewEvent = {
        eventId: deps.newId(),
        type,
        schemaVersion: schema.schemaVersion,
        data: schema.data.parse(data) as Record<string, unknown>,
        metadata: {
          actor: context.actor,
          channel: context.channel ?? 'operator',
          occurredAt: at.toISOString(),
          correlationId: context.correlationId,
          causationId: null,
          ...(context.traceparent !== undefined ? { traceparent: context.traceparent } : {}),
        },
      };
      await deps.store.append(accessStream(context.actor.userId, at), [event], 'any');
    },
  };
}
