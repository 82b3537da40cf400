import { CutoffEventSchemas, parseHouseholdEvent, type RecordedEvent } from '@siks/contracts';
import { parseLogPosition, startSubscription, type EventStore, type Subscription } from '@siks/eventstore';
import type { Pool, PoolClient } from '@siks/pg';
import { evolve } from '../households/evolve.ts';
import type { HouseholdState } from '../households/state.ts';
import { CUTOFF_PREFIX, HOUSEHOLD_PREFIX } from '../households/streams.ts';
import { projectHandoffEvent } from '../handoff/project.ts';

/** Checkpoint id of the read-model subscription (in `public.eventstore_checkpoints`). */
export const READ_MODEL_SUBSCRIPTION = 'registry.read-model';

interface Current {
  state: HouseholdState | null;
  revision: number;
  registeredAt: string;
  updatedAt: string;
}

interface StateRow {
  state: HouseholdState;
  revision: string;
  registered_at: Date;
  updated_at: Date;
}

/**
 * Applies a batch of household and cut-off events to the read models: `registry.households`
 * (current state), `registry.members` (by nik index), `registry.history` (one row per event,
 * with its log position) and `registry.cutoffs`. Runs inside the subscription's transaction.
 */
export async function projectEvents(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const touched = new Map<string, Current>();
  for (const recorded of events) {
    if (recorded.streamId.startsWith(HOUSEHOLD_PREFIX)) {
      const householdId = recorded.streamId.slice(HOUSEHOLD_PREFIX.length);
      const before = touched.get(householdId) ?? (await loadCurrent(client, householdId));
      const event = parseHouseholdEvent(recorded);
      touched.set(householdId, {
        state: evolve(before?.state ?? null, event),
        revision: recorded.revision,
        registeredAt: before?.registeredAt ?? recorded.recordedAt,
        updatedAt: recorded.recordedAt,
      });
      await insertHistory(client, householdId, recorded, event.data.regionCode, event.data.proposalId);
    } else if (recorded.streamId.startsWith(CUTOFF_PREFIX) && recorded.type === 'CutoffFixed') {
      const data = CutoffEventSchemas.CutoffFixed.data.parse(recorded.data);
      await client.query(
        `INSERT INTO registry.cutoffs (cutoff_id, regency_code, period, log_position, fixed_at, fixed_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [data.cutoffId, data.regencyCode, data.period, data.logPosition, recorded.recordedAt, recorded.metadata.actor],
      );
    } else if (recorded.streamId.startsWith(CUTOFF_PREFIX)) {
      await projectHandoffEvent(client, recorded);
    }
  }
  for (const [householdId, current] of touched) await saveCurrent(client, householdId, current);
}

async function loadCurrent(client: PoolClient, householdId: string): Promise<Current | undefined> {
  const row = (
    await client.query<StateRow>(
      'SELECT state, revision, registered_at, updated_at FROM registry.households WHERE household_id = $1',
      [householdId],
    )
  ).rows[0];
  if (!row) return undefined;
  return {
    state: row.state,
    revision: Number(row.revision),
    registeredAt: row.registered_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function insertHistory(
  client: PoolClient,
  householdId: string,
  recorded: RecordedEvent,
  regionCode: string,
  proposalId: string,
): Promise<void> {
  const position = parseLogPosition(recorded.logPosition);
  await client.query(
    `INSERT INTO registry.history (household_id, revision, event_id, type, region_code, proposal_id,
       log_major, log_minor, recorded_at, metadata, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      householdId,
      recorded.revision,
      recorded.eventId,
      recorded.type,
      regionCode,
      proposalId,
      position.major.toString(),
      position.minor.toString(),
      recorded.recordedAt,
      recorded.metadata,
      recorded.data,
    ],
  );
}

async function saveCurrent(client: PoolClient, householdId: string, current: Current): Promise<void> {
  const { state } = current;
  await client.query('DELETE FROM registry.members WHERE household_id = $1', [householdId]);
  if (state === null) {
    await client.query('DELETE FROM registry.households WHERE household_id = $1', [householdId]);
    return;
  }
  const { doc } = state;
  await client.query(
    `INSERT INTO registry.households (household_id, region_code, status, kk_index, member_count, state, revision,
       registered_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (household_id) DO UPDATE SET region_code = EXCLUDED.region_code, status = EXCLUDED.status,
       kk_index = EXCLUDED.kk_index, member_count = EXCLUDED.member_count, state = EXCLUDED.state,
       revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
    [
      householdId,
      doc.regionCode,
      state.status,
      doc.kkIndex ?? null,
      doc.members.length,
      state,
      current.revision,
      current.registeredAt,
      current.updatedAt,
    ],
  );
  await client.query(
    `INSERT INTO registry.members (nik_index, household_id, region_code, status, relationship)
     SELECT nik_index, $2, $3, $4, relationship FROM unnest($1::text[], $5::text[]) AS m(nik_index, relationship)
     ON CONFLICT DO NOTHING`,
    [
      doc.members.map((m) => m.nikIndex),
      householdId,
      doc.regionCode,
      state.status,
      doc.members.map((m) => m.relationship),
    ],
  );
}

export interface ReadModelDeps {
  store: EventStore;
  pool: Pool;
  onError?: (error: unknown) => void;
  pollIntervalMs?: number;
}

/** Keeps the read models up to date from the household and cut-off streams (checkpointed). */
export function startReadModel(deps: ReadModelDeps): Subscription {
  return startSubscription({
    store: deps.store,
    pool: deps.pool,
    subscriptionId: READ_MODEL_SUBSCRIPTION,
    streamPrefixes: [HOUSEHOLD_PREFIX, CUTOFF_PREFIX],
    handle: (events, client) => projectEvents(client, events),
    ...(deps.onError ? { onError: deps.onError } : {}),
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
}

/** Empties the read models and their checkpoint, so the subscription rebuilds them from the log. */
export async function resetReadModel(client: PoolClient): Promise<void> {
  await client.query(
    'TRUNCATE registry.households, registry.members, registry.history, registry.cutoffs, registry.cutoff_answers',
  );
  await client.query('DELETE FROM public.eventstore_checkpoints WHERE subscription_id = $1', [READ_MODEL_SUBSCRIPTION]);
}

/** How far the read models have read the log ('' when they have not started). */
export async function readModelPosition(client: Pick<PoolClient, 'query'>): Promise<string> {
  const row = (
    await client.query<{ position: string }>(
      'SELECT position FROM public.eventstore_checkpoints WHERE subscription_id = $1',
      [READ_MODEL_SUBSCRIPTION],
    )
  ).rows[0];
  return row?.position ?? '';
}
