import { randomUUID } from 'node:crypto';
import { UserEventSchemas, userStreamId, uuidv7, type Actor, type Channel, type UserEventType } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { z } from 'zod';

type DataOf<T extends UserEventType> = z.input<(typeof UserEventSchemas)[T]['data']>;

/** Who changed a user and why: the signed-in admin (or the user), or the system for the CLI and the demo seed. */
export interface UserChangeBy {
  actor: Actor;
  channel: Channel;
  reason?: string | undefined;
}

/**
 * Records user administration as events in the event store (contracts users/events.ts), so the
 * audit log's checkpoints and proofs cover it. The data is checked against the contract first:
 * an event that would carry anything else (a password, a hash, a name) cannot be written.
 */
export interface UserLog {
  record<T extends UserEventType>(type: T, data: DataOf<T>, by: UserChangeBy): Promise<void>;
}

export function eventStoreUserLog(store: Pick<EventStore, 'append'>, now: () => Date = () => new Date()): UserLog {
  return {
    async record(type, data, by) {
      const schema = UserEventSchemas[type];
      const parsed = schema.data.parse(data) as { userId: string };
      const at = now();
      await store.append(
        userStreamId(parsed.userId),
        [
          {
            eventId: uuidv7(at.getTime()),
            type,
            schemaVersion: schema.schemaVersion,
            data: parsed,
            metadata: {
              actor: by.actor,
              channel: by.channel,
              occurredAt: at.toISOString(),
              correlationId: randomUUID(),
              causationId: null,
              ...(by.reason ? { reason: by.reason } : {}),
            },
          },
        ],
        'any',
      );
    },
  };
}

/** The actor of the `siks users` command line and of the demo seed. */
export const SYSTEM_ACTOR: Actor = { userId: 'siks-gateway', role: 'system', regionCode: '' };
