import type { Bus, GroupLag } from '@siks/bus';
import type { Queryable } from '@siks/pg';
import { groupId, live, PROJECTION_NAMES, type ProjectionName } from '../projections/projection.ts';
import { projections } from '../projections/index.ts';
import { readStates, type ProjectionState } from '../projections/state.ts';

/** A consumer group's position over all its partitions. */
export interface GroupTotals {
  /** Messages the group has committed past (Σ committed offsets). */
  processed: number;
  /** Messages on its topics (Σ end offsets). */
  total: number;
  lagEvents: number;
}

export function totals(lags: readonly GroupLag[]): GroupTotals {
  let processed = 0;
  let total = 0;
  let lagEvents = 0;
  for (const lag of lags) {
    processed += Math.max(Number(lag.committedOffset), 0);
    total += Number(lag.endOffset);
    lagEvents += lag.lag;
  }
  return { processed, total, lagEvents };
}

export const groupTotals = async (bus: Bus, name: ProjectionName, generation: number): Promise<GroupTotals> =>
  totals(await bus.lag(groupId(name, generation), projections[name].topics));

/**
 * Records a lag sample of a projection's live consumer group (workers call it every second or
 * so): `behind_since` is when the lag was last seen at zero, so `now - behind_since` bounds
 * how long events have been waiting, within one sampling interval.
 */
export async function sampleLag(db: Queryable, bus: Bus, state: ProjectionState): Promise<number> {
  const { lagEvents } = await groupTotals(bus, state.name, state.generation);
  await db.query(
    `INSERT INTO reporting.projection_lag AS l (name, generation, lag_events, behind_since, sampled_at)
     VALUES ($1, $2, $3::bigint, CASE WHEN $3::bigint > 0 THEN now() END, now())
     ON CONFLICT (name) DO UPDATE SET
       behind_since = CASE WHEN EXCLUDED.lag_events = 0 THEN NULL
                           WHEN l.lag_events > 0 AND l.generation = EXCLUDED.generation THEN l.behind_since
                           ELSE l.sampled_at END,
       generation = EXCLUDED.generation, lag_events = EXCLUDED.lag_events, sampled_at = EXCLUDED.sampled_at`,
    [state.name, state.generation, lagEvents],
  );
  return lagEvents;
}

export interface ProjectionLag {
  name: ProjectionName;
  generation: number;
  groupId: string;
  /** Messages on the projection's topics its live consumer group has not committed yet. */
  lagEvents: number;
  /** How long events have been waiting (0 when none wait); null when no worker has sampled it yet. */
  lagSeconds: number | null;
  /** Distinct events applied to the live tables. */
  eventsApplied: number;
  /** The last event applied (topics interleave, so this is the latest applied, not a watermark). */
  lastEvent: { eventId: string; logPosition: string; recordedAt: string } | null;
  lastAppliedAt: string | null;
  rebuilding: { generation: number; processed: number; total: number; lagEvents: number } | null;
}

interface ProgressRow {
  events: string;
  last_event_id: string | null;
  last_log_position: string | null;
  last_event_at: Date | null;
  last_applied_at: Date | null;
}

interface SampleRow {
  name: string;
  generation: number;
  lag_events: string;
  behind_since: Date | null;
  sampled_at: Date;
  now: Date;
}

/** Lag of every projection, read from the bus (events) and the workers' samples (seconds). */
export async function readLag(db: Queryable, bus: Bus): Promise<ProjectionLag[]> {
  const states = new Map((await readStates(db)).map((state) => [state.name, state]));
  const samples = new Map(
    (await db.query<SampleRow>('SELECT *, now() AS now FROM reporting.projection_lag')).rows.map((row) => [
      row.name,
      row,
    ]),
  );
  const out: ProjectionLag[] = [];
  for (const name of PROJECTION_NAMES) {
    const state = states.get(name) ?? { name, generation: 1, building: null, lastGeneration: 1, swappedAt: null };
    const progress = (await db.query<ProgressRow>(`SELECT * FROM ${live(`${name}_progress`)}`)).rows[0];
    const { lagEvents } = await groupTotals(bus, name, state.generation);
    const sample = samples.get(name);
    let lagSeconds: number | null = null;
    if (lagEvents === 0) lagSeconds = 0;
    else if (sample && sample.generation === state.generation) {
      const since = Number(sample.lag_events) > 0 && sample.behind_since ? sample.behind_since : sample.sampled_at;
      lagSeconds = Math.max(0, (sample.now.getTime() - since.getTime()) / 1000);
    }
    const building = state.building === null ? null : await groupTotals(bus, name, state.building);
    out.push({
      name,
      generation: state.generation,
      groupId: groupId(name, state.generation),
      lagEvents,
      lagSeconds,
      eventsApplied: Number(progress?.events ?? 0),
      lastEvent:
        progress?.last_event_id && progress.last_log_position !== null && progress.last_event_at
          ? {
              eventId: progress.last_event_id,
              logPosition: progress.last_log_position,
              recordedAt: progress.last_event_at.toISOString(),
            }
          : null,
      lastAppliedAt: progress?.last_applied_at?.toISOString() ?? null,
      rebuilding: building && state.building !== null ? { generation: state.building, ...building } : null,
    });
  }
  return out;
}
