import type { HouseholdStatus } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import type { HouseholdState } from '../households/state.ts';

export interface HouseholdRow {
  householdId: string;
  state: HouseholdState;
  revision: number;
  updatedAt: string;
}

interface Row {
  household_id: string;
  state: HouseholdState;
  revision: string;
  updated_at: Date;
}

const toRow = (row: Row): HouseholdRow => ({
  householdId: row.household_id,
  state: row.state,
  revision: Number(row.revision),
  updatedAt: row.updated_at.toISOString(),
});

/** SQL: `region_code` lies within the region `$n` ('' = everywhere). */
export const withinRegionSql = (column: string, param: string): string =>
  `(${param} = '' OR ${column} = ${param} OR ${column} LIKE ${param} || '.%')`;

export interface ListQuery {
  region: string;
  status?: HouseholdStatus;
  /** Exclusive: households with a larger id. */
  after?: string;
  limit: number;
}

/** A page of households within a region, by id. */
export async function listHouseholds(db: Queryable, query: ListQuery): Promise<HouseholdRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT household_id, state, revision, updated_at FROM registry.households
     WHERE ${withinRegionSql('region_code', '$1')}
       AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR household_id > $3)
     ORDER BY household_id LIMIT $4`,
    [query.region, query.status ?? null, query.after ?? null, query.limit],
  );
  return rows.map(toRow);
}

/** The households (any status) whose members include this NIK, within a region. */
export async function householdIdsByNik(db: Queryable, nikIndex: string, region: string): Promise<string[]> {
  const { rows } = await db.query<{ household_id: string }>(
    `SELECT household_id FROM registry.members
     WHERE nik_index = $1 AND ${withinRegionSql('region_code', '$2')}
     ORDER BY (status = 'active') DESC, household_id LIMIT 50`,
    [nikIndex, region],
  );
  return rows.map((row) => row.household_id);
}
