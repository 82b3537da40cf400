import type { EventMetadata, Sealed } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import { currentTraceparent, notFound, toEventActor, inScope, type AuthenticatedActor } from '@siks/service-kit';
import type { PersonalReadLog } from '@siks/service-kit/access';
import { loadCase } from '../case/stream.ts';
import type { OpenCase } from '../case/state.ts';

/** What the routes need; built once in `build(deps)`. */
export interface RouteContext {
  pool: Pool;
  store: EventStore;
  keyring: {
    seal(subjectId: string, value: unknown, field?: string): Promise<Sealed>;
    open(sealed: Sealed, field?: string): Promise<unknown>;
  };
  now: () => Date;
  newId: () => string;
  /** Records reads of personal data as events and keeps the daily budget of list rows. */
  reads: PersonalReadLog;
}

/** The proposal's own PII subject (as intake seals a proposal's notes): field-validation texts go under it. */
export const proposalSubject = (proposalId: string): string => `proposal:${proposalId}`;

/** What the command helpers read of a request (a fastify request has it). */
export interface CommandRequest {
  readonly actor: AuthenticatedActor;
  readonly id: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Metadata of an event a person caused through the console. */
export function commandMetadata(request: CommandRequest, now: Date, reason?: string): EventMetadata {
  const traceparent = currentTraceparent();
  return {
    actor: toEventActor(request.actor),
    channel: 'operator',
    occurredAt: now.toISOString(),
    correlationId: request.id,
    causationId: null,
    ...(traceparent ? { traceparent } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** The case, or 404 when there is none or it lies outside the caller's scope (nothing leaks). */
export async function caseInScope(
  context: RouteContext,
  actor: AuthenticatedActor,
  proposalId: string,
): Promise<OpenCase> {
  const state = await loadCase(context.store, proposalId.toLowerCase());
  if (state.status === 'none' || !inScope(actor, state.regionCode)) throw notFound();
  return state;
}
