import { Traceparent, type Actor, type EventMetadata, type RecordedEvent } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import type { CheckConfig } from '../config.ts';
import type { PersonalDataOpener } from '../inputs/gather.ts';

/** What the consumers need to react to events. */
export interface ReactionDeps {
  store: EventStore;
  opener: PersonalDataOpener;
  /**
   * Told the subjects of a forgotten person (`PersonForgotten`), so this process stops opening
   * them at once rather than when its cached keys expire (the keyring's `evict`).
   */
  forgetter?: { evict(subjectId: string): void };
  checks: CheckConfig;
  now: () => Date;
}

/** The service itself, as the actor of the events it appends in reaction. */
export const SYSTEM_ACTOR: Actor = { userId: 'siks-verification', role: 'system', regionCode: '' };

/** Metadata of an event appended because of `cause`: same correlation and trace, caused by it. */
export function reactionMetadata(cause: RecordedEvent, now: Date): EventMetadata {
  const traceparent = Traceparent.safeParse(cause.metadata.traceparent);
  return {
    actor: SYSTEM_ACTOR,
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    ...(traceparent.success ? { traceparent: traceparent.data } : {}),
  };
}

/** At most this many related cases are re-checked per event (a bound on the work of one event). */
export const RELATED_LIMIT = 50;

/**
 * Per proposal id: the submitted proposals (other than itself) that share a member NIK, the KK
 * number or the household with it, at most `RELATED_LIMIT`: their duplicate and conflict
 * findings may change when it enters or leaves the pending set.
 */
export async function relatedProposals(db: Queryable, proposalIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return found;
  // Per asker (LATERAL), so each lookup is an index probe whatever the statistics say: while the
  // read models grow fast their estimates lag, and a join over all askers at once was planned as
  // sequential scans of every proposal (95 ms for 12 askers at 20,000 proposals).
  const { rows } = await db.query<{ asker: string; proposal_id: string }>(
    `SELECT a.id::text AS asker, r.proposal_id
       FROM (SELECT DISTINCT unnest($1::uuid[]) AS id) a
       JOIN verification.proposals me ON me.proposal_id = a.id
       CROSS JOIN LATERAL (
         SELECT c.proposal_id FROM (
             SELECT o.proposal_id FROM verification.proposals o WHERE o.household_id = me.household_id
             UNION
             SELECT o.proposal_id FROM verification.proposals o WHERE o.kk_index = me.kk_index
             UNION
             SELECT other.proposal_id FROM verification.proposal_people mine
               JOIN verification.proposal_people other ON other.nik_index = mine.nik_index
              WHERE mine.proposal_id = a.id) c
           JOIN verification.proposals p ON p.proposal_id = c.proposal_id
          WHERE c.proposal_id <> a.id AND p.status = 'submitted'
          ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}) r
      ORDER BY asker, r.proposal_id`,
    [proposalIds],
  );
  for (const row of rows) found.get(row.asker)?.push(row.proposal_id);
  return found;
}

/** NIK and KK indexes a reference line or a registry change concerns. */
export interface NamedIndexes {
  nikIndexes: readonly string[];
  kkIndexes: readonly string[];
}

/**
 * Per query, in order: the submitted proposals naming one of its NIKs or KK numbers (at most
 * `RELATED_LIMIT`, by id).
 */
export async function proposalsNaming(db: Queryable, queries: readonly NamedIndexes[]): Promise<string[][]> {
  if (queries.length === 0) return [];
  const input = queries.map((query) => ({ n: query.nikIndexes, k: query.kkIndexes }));
  const { rows } = await db.query<{ ord: string; proposal_id: string }>(
    `WITH asked AS (
       SELECT q.ord, ARRAY(SELECT jsonb_array_elements_text(q.a->'n')) AS niks,
              ARRAY(SELECT jsonb_array_elements_text(q.a->'k')) AS kks
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS q(a, ord))
     SELECT asked.ord, r.proposal_id FROM asked CROSS JOIN LATERAL (
       WITH candidates AS (
         SELECT proposal_id FROM verification.proposal_people WHERE nik_index = ANY(asked.niks)
         UNION
         SELECT proposal_id FROM verification.proposals WHERE kk_index = ANY(asked.kks))
       SELECT c.proposal_id FROM candidates c JOIN verification.proposals p USING (proposal_id)
        WHERE p.status = 'submitted' ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}) r
     ORDER BY asked.ord, r.proposal_id`,
    [JSON.stringify(input)],
  );
  const found = queries.map((): string[] => []);
  for (const row of rows) found[Number(row.ord) - 1]?.push(row.proposal_id);
  return found;
}
