import { withTransaction, type Pool, type Queryable } from '@siks/pg';
import type { FileIssue } from './rows.ts';
import type { RowIssue } from './results.ts';

/** An import as stored in `intake.imports`. */
export interface ImportRecord {
  importId: string;
  regionCode: string;
  sha256: string;
  channel: string;
  format: string;
  submit: boolean;
  /** `processing`, `completed`, or `interrupted` (upload the same file again to resume). */
  status: 'processing' | 'completed' | 'interrupted';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Whether a runner holds it now (its lease has not run out). */
  leased: boolean;
  rowCount: number;
  rowsRejected: number;
  proposalsTotal: number;
  proposalsCreated: number;
  referencesTotal: number;
  warnings: FileIssue[];
  /** The village meeting a musdes list belongs to. */
  meetingId: string | null;
}

/** One row's answer: `pending` (valid, its proposal not created yet), `accepted` or `rejected`. */
export interface ImportRowRecord {
  row: number;
  status: 'pending' | 'accepted' | 'rejected';
  proposalId?: string;
  errors?: RowIssue[];
  warnings?: RowIssue[];
}

interface ImportRow {
  import_id: string;
  region_code: string;
  sha256: string;
  channel: string;
  format: string;
  submit: boolean;
  status: ImportRecord['status'];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  leased: boolean;
  row_count: number;
  rows_rejected: number;
  proposals_total: number;
  proposals_created: number;
  references_total: number;
  warnings: FileIssue[];
  meeting_id: string | null;
}

const SELECT_IMPORT = `SELECT import_id, region_code, sha256, channel, format, submit, status, created_by, created_at,
  updated_at, coalesce(lease_until > now(), false) AS leased, row_count, rows_rejected, proposals_total,
  proposals_created, references_total, warnings, meeting_id FROM intake.imports`;

const toRecord = (row: ImportRow): ImportRecord => ({
  importId: row.import_id,
  regionCode: row.region_code,
  sha256: row.sha256,
  channel: row.channel,
  format: row.format,
  submit: row.submit,
  status: row.status,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  leased: row.leased,
  rowCount: row.row_count,
  rowsRejected: row.rows_rejected,
  proposalsTotal: row.proposals_total,
  proposalsCreated: row.proposals_created,
  referencesTotal: row.references_total,
  warnings: row.warnings,
  meetingId: row.meeting_id,
});

export async function findImport(db: Queryable, importId: string): Promise<ImportRecord | undefined> {
  const { rows } = await db.query<ImportRow>(`${SELECT_IMPORT} WHERE import_id = $1`, [importId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export interface NewImport {
  importId: string;
  regionCode: string;
  sha256: string;
  channel: string;
  format: string;
  submit: boolean;
  createdBy: string;
  at: Date;
  leaseMs: number;
  rowCount: number;
  proposalsTotal: number;
  referencesTotal: number;
  warnings: FileIssue[];
  rows: readonly ImportRowRecord[];
  meetingId?: string;
}

/**
 * Records a new import with every row's answer, in one transaction (all or nothing). Returns
 * false when the same file was recorded for the region meanwhile (nothing written).
 */
export async function insertImport(pool: Pool, input: NewImport): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO intake.imports (import_id, region_code, sha256, channel, format, submit, status, created_by,
         created_at, updated_at, lease_until, row_count, rows_rejected, proposals_total, references_total, warnings,
         meeting_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'processing', $7, $8, $8, $8::timestamptz + make_interval(secs => $9),
         $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING`,
      [
        input.importId,
        input.regionCode,
        input.sha256,
        input.channel,
        input.format,
        input.submit,
        input.createdBy,
        input.at,
        input.leaseMs / 1000,
        input.rowCount,
        input.rows.filter((row) => row.status === 'rejected').length,
        input.proposalsTotal,
        input.referencesTotal,
        JSON.stringify(input.warnings),
        input.meetingId ?? null,
      ],
    );
    if (inserted.rowCount !== 1) return false;
    const chunk = 5000;
    for (let start = 0; start < input.rows.length; start += chunk) {
      const rows = input.rows.slice(start, start + chunk);
      await client.query(
        `INSERT INTO intake.import_rows (import_id, row, status, proposal_id, errors, warnings)
         SELECT $1, r.row, r.status, r.proposal_id, r.errors, r.warnings
           FROM jsonb_to_recordset($2::jsonb)
             AS r(row integer, status text, proposal_id uuid, errors jsonb, warnings jsonb)`,
        [
          input.importId,
          JSON.stringify(
            rows.map((row) => ({
              row: row.row,
              status: row.status,
              proposal_id: row.proposalId ?? null,
              errors: row.errors ?? null,
              warnings: row.warnings ?? null,
            })),
          ),
        ],
      );
    }
    return true;
  });
}

/**
 * Takes over an import nobody holds (interrupted, or its lease ran out) for a resumed run;
 * false when a runner holds it.
 */
export async function leaseImport(db: Queryable, importId: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE intake.imports SET status = 'processing', lease_until = now() + make_interval(secs => $2), updated_at = now()
     WHERE import_id = $1 AND status <> 'completed' AND (lease_until IS NULL OR lease_until < now())`,
    [importId, leaseMs / 1000],
  );
  return rowCount === 1;
}

/** Proposal ids whose rows still wait (a resumed run creates only these). */
export async function pendingProposalIds(db: Queryable, importId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ proposal_id: string }>(
    `SELECT DISTINCT proposal_id FROM intake.import_rows WHERE import_id = $1 AND status = 'pending'`,
    [importId],
  );
  return new Set(rows.map((row) => row.proposal_id));
}

/** Marks the rows of created proposals accepted and moves progress on (one transaction). */
export async function recordProgress(
  pool: Pool,
  importId: string,
  created: readonly string[],
  failed: readonly { proposalId: string; errors: RowIssue[] }[],
  leaseMs: number,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    // Progress need not wait for the disk: a lost step is redone by resuming (nothing twice).
    await client.query(`SET LOCAL synchronous_commit = off`);
    if (created.length > 0)
      await client.query(
        `UPDATE intake.import_rows SET status = 'accepted' WHERE import_id = $1 AND proposal_id = ANY($2::uuid[])`,
        [importId, created],
      );
    for (const failure of failed)
      await client.query(
        `UPDATE intake.import_rows SET status = 'rejected', errors = $3 WHERE import_id = $1 AND proposal_id = $2`,
        [importId, failure.proposalId, JSON.stringify(failure.errors)],
      );
    await client.query(
      `UPDATE intake.imports SET proposals_created = proposals_created + $2, updated_at = now(),
         rows_rejected = (SELECT count(*) FROM intake.import_rows WHERE import_id = $1 AND status = 'rejected'),
         lease_until = now() + make_interval(secs => $3)
       WHERE import_id = $1`,
      [importId, created.length, leaseMs / 1000],
    );
  });
}

export async function finishImport(
  db: Queryable,
  importId: string,
  status: 'completed' | 'interrupted',
  failure?: string,
): Promise<void> {
  await db.query(
    `UPDATE intake.imports SET status = $2, lease_until = NULL, updated_at = now(), failure = $3 WHERE import_id = $1`,
    [importId, status, failure ?? null],
  );
}

/** Row counts by answer. */
export async function rowCounts(db: Queryable, importId: string): Promise<Record<ImportRowRecord['status'], number>> {
  const { rows } = await db.query<{ status: ImportRowRecord['status']; count: string }>(
    `SELECT status, count(*) AS count FROM intake.import_rows WHERE import_id = $1 GROUP BY status`,
    [importId],
  );
  const counts = { pending: 0, accepted: 0, rejected: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** A page of row answers after `afterRow`, optionally of one status. */
export async function rowPage(
  db: Queryable,
  importId: string,
  options: { afterRow: number; limit: number; status?: ImportRowRecord['status'] },
): Promise<ImportRowRecord[]> {
  const { rows } = await db.query<{
    row: number;
    status: ImportRowRecord['status'];
    proposal_id: string | null;
    errors: RowIssue[] | null;
    warnings: RowIssue[] | null;
  }>(
    `SELECT row, status, proposal_id, errors, warnings FROM intake.import_rows
     WHERE import_id = $1 AND row > $2 AND ($3::text IS NULL OR status = $3)
     ORDER BY row LIMIT $4`,
    [importId, options.afterRow, options.status ?? null, options.limit],
  );
  return rows.map((row) => ({
    row: row.row,
    status: row.status,
    ...(row.proposal_id !== null ? { proposalId: row.proposal_id } : {}),
    ...(row.errors !== null ? { errors: row.errors } : {}),
    ...(row.warnings !== null ? { warnings: row.warnings } : {}),
  }));
}
