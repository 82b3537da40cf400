import type { Queryable } from '@siks/pg';
import type { AuthenticatedActor } from '@siks/service-kit';

/**
 * Records that `actor` was shown the personal data of `subject` (e.g. `proposal:<id>`) in
 * clear (DESIGN.md §6). Ids and codes only.
 */
export async function recordPersonalRead(
  db: Queryable,
  read: { actor: AuthenticatedActor; subject: string; purpose: string; requestId: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO intake.personal_data_reads (user_id, role, subject, purpose, request_id, read_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [read.actor.userId, read.actor.role, read.subject, read.purpose, read.requestId, read.at],
  );
}

/**
 * Records that `actor` was shown personal data of these subjects in clear (a page of a list),
 * one row per subject, in one statement. Ids and codes only.
 */
export async function recordPersonalReads(
  db: Queryable,
  read: { actor: AuthenticatedActor; subjects: readonly string[]; purpose: string; requestId: string; at: Date },
): Promise<void> {
  if (read.subjects.length === 0) return;
  await db.query(
    `INSERT INTO intake.personal_data_reads (user_id, role, subject, purpose, request_id, read_at)
     SELECT $1, $2, subject, $4, $5, $6 FROM unnest($3::text[]) AS subject`,
    [read.actor.userId, read.actor.role, read.subjects, read.purpose, read.requestId, read.at],
  );
}
