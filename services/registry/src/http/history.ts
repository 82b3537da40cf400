import { isSealed } from '@siks/pii';
import type { RecordedEvent } from '@siks/contracts';
import { z } from 'zod';
import type { AccessLevel } from '../views/access-level.ts';
import type { Opener } from '../views/open.ts';

/** One change of a household in its history, with the proposal and the people behind it. */
export const HistoryEntry = z.object({
  eventId: z.uuid(),
  type: z.string(),
  revision: z.number().int(),
  recordedAt: z.string(),
  occurredAt: z.string(),
  proposalId: z.uuid(),
  regionCode: z.string(),
  /** Who approved the proposal (the proposal's operators are in intake's history of `proposalId`). */
  actor: z.object({ userId: z.string(), role: z.string(), regionCode: z.string() }),
  channel: z.string(),
  reason: z.string().optional(),
  correlationId: z.string(),
  /** The intake event this change applies (`ProposalApproved`). */
  causationId: z.string().nullable(),
  /** The event's data besides the ids above; sealed values opened for full access, else `"[personal]"`. */
  details: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const PERSONAL_MARKER = '[personal]';
export const FORGOTTEN_MARKER = '[forgotten]';
/** Keys dropped from the record of a forgotten person (docs/security.md "How to forget a person"). */
const FORGOTTEN_PERSON_KEYS: ReadonlySet<string> = new Set(['nikIndex', 'disability']);

/** Replaces every sealed value inside `value`: opened (full access) or a marker (masked). */
export async function reveal(opener: Opener, value: unknown, level: AccessLevel): Promise<unknown> {
  if (isSealed(value)) {
    if (level === 'masked') return PERSONAL_MARKER;
    return (await opener.open(value)) ?? FORGOTTEN_MARKER;
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => reveal(opener, item, level)));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    // A forgotten person's record keeps no link to them (their NIK index) nor their health data.
    const forgotten =
      typeof record['nikIndex'] === 'string' &&
      isSealed(record['personal']) &&
      (await opener.open(record['personal'])) === undefined;
    const entries = await Promise.all(
      Object.entries(record)
        .filter(([key]) => !(forgotten && FORGOTTEN_PERSON_KEYS.has(key)))
        .map(async ([key, item]) => [key, await reveal(opener, item, level)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

export async function historyEntry(opener: Opener, event: RecordedEvent, level: AccessLevel): Promise<HistoryEntry> {
  const {
    householdId: _id,
    proposalId,
    regionCode,
    ...details
  } = event.data as Record<string, unknown> & {
    proposalId: string;
    regionCode: string;
  };
  const { actor, channel, reason, correlationId, causationId, occurredAt } = event.metadata;
  return {
    eventId: event.eventId,
    type: event.type,
    revision: event.revision,
    recordedAt: event.recordedAt,
    occurredAt,
    proposalId,
    regionCode,
    actor,
    channel,
    ...(reason !== undefined ? { reason } : {}),
    correlationId,
    causationId,
    details: (await reveal(opener, details, level)) as Record<string, unknown>,
  };
}
