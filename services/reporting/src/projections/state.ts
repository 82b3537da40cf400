import type { Queryable } from '@siks/pg';
import { PROJECTION_NAMES, type ProjectionName, type Target } from './projection.ts';

export interface ProjectionState {
  name: ProjectionName;
  generation: number;
  building: number | null;
  lastGeneration: number;
  swappedAt: string | null;
}

interface StateRow {
  name: ProjectionName;
  generation: number;
  building: number | null;
  last_generation: number;
  swapped_at: Date | null;
}

const toState = (row: StateRow): ProjectionState => ({
  name: row.name,
  generation: row.generation,
  building: row.building,
  lastGeneration: row.last_generation,
  swappedAt: row.swapped_at?.toISOString() ?? null,
});

/** Creates the state rows of projections added after the migration (at generation 1). */
export async function ensureStates(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO reporting.projections (name, generation, last_generation)
     SELECT unnest($1::text[]), 1, 1 ON CONFLICT DO NOTHING`,
    [PROJECTION_NAMES],
  );
}

/** The state row of a projection; `lock` is `FOR SHARE` or `FOR UPDATE` inside a transaction. */
export async function readState(
  db: Queryable,
  name: ProjectionName,
  lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
  options: { synchronousCommitOff?: boolean } = {},
): Promise<ProjectionState> {
  // `set_config(…, true)` is `SET LOCAL` in the same statement (a batch's first round trip).
  const setting = options.synchronousCommitOff ? `, set_config('synchronous_commit', 'off', true)` : '';
  const result = await db.query<StateRow>(`SELECT p.*${setting} FROM reporting.projections p WHERE name = $1 ${lock}`, [
    name,
  ]);
  const row = result.rows[0];
  if (!row) throw new Error(`projection ${name} has no state row`);
  return toState(row);
}

export async function readStates(db: Queryable): Promise<ProjectionState[]> {
  const result = await db.query<StateRow>('SELECT * FROM reporting.projections ORDER BY name');
  return result.rows.map(toState);
}

/** Which tables a consumer of `generation` writes to now, if any (none: it was superseded). */
export function targetOf(state: ProjectionState, generation: number): Target | undefined {
  if (state.generation === generation) return 'live';
  if (state.building === generation) return 'shadow';
  return undefined;
}
