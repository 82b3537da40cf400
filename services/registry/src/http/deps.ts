import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { Keyring } from '@siks/pii';
import { currentTraceparent, toEventActor, type AuthenticatedActor } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import type { PersonalReadLog } from '@siks/service-kit/access';
import type { AccessRecorder } from '../access/record.ts';
import type { Opener } from '../views/open.ts';

/** What the registry's routes use. */
export interface RouteDeps {
  store: EventStore;
  pool: Pool;
  keyring: Opener & Pick<Keyring, 'blindIndex' | 'identityIndex'>;
  access: AccessRecorder;
  /** Reads of lists with names (the shared record and daily budget, docs/security.md). */
  reads: PersonalReadLog;
  now: () => Date;
  newId: () => string;
}

/** Actor, correlation and trace of a request, for the events it appends. */
export function eventContext(request: FastifyRequest): {
  actor: ReturnType<typeof toEventActor>;
  correlationId: string;
  traceparent?: string;
} {
  const traceparent = currentTraceparent();
  return {
    actor: toEventActor(request.actor),
    correlationId: request.id,
    ...(traceparent !== undefined ? { traceparent } : {}),
  };
}

/** Whether `code` lies within `region` ('' covers everything). */
export const isWithinRegion = (region: string, code: string): boolean =>
  region === '' || code === region || code.startsWith(`${region}.`);

/**
 * The region a reader may list within: the narrower of the asked region and the reader's
 * scope; undefined when they do not overlap (answered 404).
 */
export function narrowRegion(
  actor: Pick<AuthenticatedActor, 'regionCode'>,
  asked: string | undefined,
): string | undefined {
  const scope = actor.regionCode;
  if (asked === undefined) return scope;
  if (isWithinRegion(scope, asked)) return asked;
  if (isWithinRegion(asked, scope)) return scope;
  return undefined;
}
