import type { Pool } from '@siks/pg';

/**
 * Bytes on disk (tables, indexes, TOAST) per part of the system, per household and per event,
 * with each part's share: the event log (`eventstore`), the bus (`bus`), the keys of personal
 * data (`pii`) and each service's read models (its schema); the audit log's tree counts with
 * `audit_log` when present.
 */
export async function storageReport(pool: Pool, households: number): Promise<Record<string, unknown>> {
  const { rows } = await pool.query<{ schema: string; bytes: string }>(
    `SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid)) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      GROUP BY n.nspname ORDER BY 2 DESC`,
  );
  const events = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events')).rows[0]?.n);
  const total = rows.reduce((sum, row) => sum + Number(row.bytes), 0);
  const parts = Object.fromEntries(
    rows.map((row) => [
      row.schema,
      {
        mb: Math.round(Number(row.bytes) / 2 ** 20),
        share: Number((Number(row.bytes) / total).toFixed(3)),
        bytesPerHousehold: Math.round(Number(row.bytes) / households),
      },
    ]),
  );
  return {
    events,
    totalMb: Math.round(total / 2 ** 20),
    bytesPerHousehold: Math.round(total / households),
    bytesPerEvent: Math.round(total / events),
    eventsPerHousehold: Number((events / households).toFixed(2)),
    parts,
  };
}
