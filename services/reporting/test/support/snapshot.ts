import type { Pool } from '@siks/pg';
import { projections } from '../../src/projections/index.ts';
import { live, type ProjectionName } from '../../src/projections/projection.ts';

/**
 * Every data row of a projection's live tables, in key order: what "row for row" compares.
 * `<name>_progress` is left out (it says when and by which batch, which a rebuild changes).
 */
export async function snapshot(pool: Pool, name: ProjectionName): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [...projections[name].tables, `${name}_streams`]) {
    const result = await pool.query<{ row: unknown }>(
      `SELECT to_jsonb(t) AS row FROM ${live(table)} t ORDER BY to_jsonb(t)::text COLLATE "C"`,
    );
    out[table] = result.rows.map((row) => row.row);
  }
  return out;
}
